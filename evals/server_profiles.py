"""`briefs extract` against each server profile of the local test server: what it printed, its exit
code and how many requests the server received (the table of issue 14's closing note).

    .venv/bin/python evals/server_profiles.py          # needs the test extras; no network

The profiles and the expectations are those of tests/test_llm_servers.py, which asserts them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_openai import FakeOpenAI  # noqa: E402
from tests.test_llm_servers import CASES, EXAMPLE  # noqa: E402


def main() -> None:
    print("| server profile | model | `briefs extract` printed | exit | requests |")
    print("|---|---|---|---|---|")
    with FakeOpenAI() as server, tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "article.txt"
        article.write_text(EXAMPLE["article"], encoding="utf-8")
        for name, case in CASES.items():
            server.reset()
            server.default = case.profile
            env = {
                **os.environ,
                "OPENAI_BASE_URL": server.base_url,
                "BRIEFS_TRANSPORT_RETRIES": "2",
                "BRIEFS_RETRY_WAIT": "0.01",
                "OPENAI_API_KEY": "wrong-key" if "wrong key" in name else "test-key",
                "BRIEFS_DATABASE_URL": f"sqlite:///{folder}/{name.replace(' ', '_').replace(',', '')}.db",
            }
            done = subprocess.run(
                [sys.executable, "-m", "briefs", "extract", str(article), "--model", case.model],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                timeout=120,
            )
            lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
            made = next((line.strip("_") for line in lines if line.startswith("_made")), "")
            shown = lines[0] if done.returncode else f"{made}; flags: {lines[-1].removeprefix('- ')}"
            print(
                f"| {name} | `{case.model}` | {shown.replace('|', '/')[:230]} | {done.returncode} "
                f"| {len(server.requests)} |"
            )


if __name__ == "__main__":
    main()
