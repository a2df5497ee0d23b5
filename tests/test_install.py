"""A normal (not editable) install works: the wheel, installed into a fresh virtual environment outside
the checkout, runs the commands on its own samples and finds every prompt, dictionary and sample.

Marked `install` (about 20 s: a wheel build and a venv); `pytest -m "not install"` leaves it out.
The new environment reuses this one's installed dependencies through a .pth line (a venv's
--system-site-packages would reach the base interpreter's packages, not this venv's), so nothing is
downloaded but the build backend; .pth files of that folder (the editable install of the checkout)
are not processed, so the checkout cannot stand in for the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from briefs.arabic.numbers import find_numbers
from briefs.extract.prompts import load_prompt, prompt_ids

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.install

# Run inside the installed environment: every prompt's hash, or why it does not load (paths left out).
LOAD_PROMPTS = """
import json, sys
from briefs.extract.prompts import PACKAGED_PROMPTS, load_prompt, prompt_ids
outcomes = {}
for prompt_id in prompt_ids():
    try:
        outcomes[prompt_id] = load_prompt(prompt_id).hash
    except Exception as error:
        outcomes[prompt_id] = str(error).replace(str(PACKAGED_PROMPTS), "<prompts>")
print(json.dumps({"briefs": __import__("briefs").__file__, "prompts": str(PACKAGED_PROMPTS), "outcomes": outcomes}))
"""


def checkout_outcomes() -> dict[str, str]:
    folder = ROOT / "prompts"
    outcomes = {}
    for prompt_id in prompt_ids(folder):
        try:
            outcomes[prompt_id] = load_prompt(prompt_id, folder).hash
        except Exception as error:  # noqa: BLE001 - compared with the installed copy's outcome
            outcomes[prompt_id] = str(error).replace(str(folder), "<prompts>")
    return outcomes


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv holding the wheel built from a copy of the checkout's sources."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("briefs", "api", "prompts"):  # symlinks kept: briefs/prompts links to ../prompts
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(source)], check=True, timeout=300)
    (wheel,) = wheels.glob("briefs-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(
        subprocess.run(
            [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    subprocess.run(
        [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", str(wheel)], check=True, timeout=300
    )
    return venv / "bin"


@pytest.fixture(scope="module")
def prompt_report(installed) -> dict:
    loaded = run(installed, "python", "-c", LOAD_PROMPTS)
    assert loaded.returncode == 0, loaded.stderr
    return json.loads(loaded.stdout)


def run(bin: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFS_", "OPENAI_", "PYTHON"))}
    return subprocess.run(
        [str(bin / args[0]), *args[1:]], capture_output=True, text=True, cwd=bin.parent.parent, env=env, timeout=120
    )


def sample(bin: Path, name: str) -> Path:
    found = run(
        bin, "python", "-c", f"from importlib.resources import files; print(files('briefs') / 'samples' / {name!r})"
    )
    return Path(found.stdout.strip())


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, prompt_report):
    venv = installed.parent
    assert Path(prompt_report["briefs"]).is_relative_to(venv) and Path(prompt_report["prompts"]).is_relative_to(venv)
    assert not Path(prompt_report["prompts"]).is_symlink()  # files in the wheel, not a link back to the checkout
    version = run(installed, "briefs", "--version")
    assert version.returncode == 0 and version.stdout.strip() == "briefs 0.1.0"


def test_every_prompt_loads_from_the_installed_package_as_from_the_checkout(prompt_report):
    """Same prompts, same bytes (the hash covers both files), same verdict of the example check."""
    outcomes = prompt_report["outcomes"]
    assert outcomes == checkout_outcomes()
    assert {"extract@v1", "extract@v2", "extract@v3"} <= set(outcomes)
    assert all(len(outcome) == 64 for outcome in outcomes.values()), outcomes  # loaded: a SHA-256, not an error


def test_briefs_numbers_runs_on_a_packaged_sample(installed):
    article = sample(installed, "article.txt")
    assert article.is_relative_to(installed.parent) and article.is_file()
    result = run(installed, "briefs", "numbers", str(article), "--format", "json")
    assert result.returncode == 0, result.stderr
    expected = [
        m.to_json() for m in find_numbers((ROOT / "briefs" / "samples" / "article.txt").read_text(encoding="utf-8"))
    ]
    assert json.loads(result.stdout)["mentions"] == expected and expected


def test_briefs_extract_with_the_lexicon_uses_the_packaged_dictionaries(installed):
    result = run(
        installed, "briefs", "extract", str(sample(installed, "article.txt")), "--model", "lexicon", "--format", "json"
    )
    assert result.returncode in (0, 1), result.stderr
    body = json.loads(result.stdout)["result"]
    assert body["extractor"] == "lexicon" and body["incidents"]
    assert all(incident["location"]["country"] for incident in body["incidents"])  # the gazetteer was found
