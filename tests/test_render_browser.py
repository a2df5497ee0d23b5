"""The HTML brief in a real browser: Debian's headless chromium renders it, takes a screenshot, and
shows that the Arabic evidence is laid out right to left and that no script from an article ran.

Chromium is looked for on PATH; where it is missing the session installs Debian's package
(`apt-get install chromium`, as root, on a Debian-like machine; set BRIEFS_NO_BROWSER_INSTALL=1 to
forbid it) and the tests are skipped, with the reason, where that cannot be done. Nothing is
downloaded from anywhere else. Set BRIEFS_SCREENSHOT=out/brief.png to keep the screenshot.
The map's screenshot is always kept, in out/test-output/brief-map.png (and named in the JUnit XML).

The script check loads the page without its Content-Security-Policy, so that escaping and
sanitizing alone must keep the article's `<script>` and `<img onerror>` inert; a trusted probe
script and image, added by the test, prove that scripts and error handlers do run in that setup.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from briefs.brief.render import clean, render_html

from .conftest import ROOT
from .test_render import CANARY, Tree, disputed_incident, hostile_incident, make_brief, rtl_texts, sample_brief

NAMES = ("chromium", "chromium-browser", "chromium-headless-shell", "headless_shell", "google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--no-pings",
    "--mute-audio",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]
WIDTH, HEIGHT = 1100, 2400

PROBE = """
<img src="missing-control-image.png" alt="" onerror="document.body.setAttribute('data-control-img', 'fired')">
<script>
(function () {
  const body = document.body;
  body.setAttribute('data-probe', 'ran');
  const ar = Array.from(document.querySelectorAll('[dir="rtl"][lang="ar"]'));
  body.setAttribute('data-rtl-total', ar.length);
  body.setAttribute('data-rtl-computed', ar.filter(e => getComputedStyle(e).direction === 'rtl').length);
  // Laid out right to left: on one line, the first character stands right of the last one.
  let single = 0, rightToLeft = 0;
  for (const element of ar) {
    const node = element.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE || node.length < 2 || element.getClientRects().length !== 1) continue;
    const rect = (i) => {
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect();
    };
    single += 1;
    if (rect(0).right > rect(node.length - 1).right) rightToLeft += 1;
  }
  body.setAttribute('data-rtl-single-line', single);
  body.setAttribute('data-rtl-laid-out', rightToLeft);
})();
</script>
"""


def _find() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _install() -> str:
    """Install Debian's chromium; returns why it could not be done (or '' when it was)."""
    if os.environ.get("BRIEFS_NO_BROWSER_INSTALL"):
        return "BRIEFS_NO_BROWSER_INSTALL is set"
    if not shutil.which("apt-get"):
        return "no apt-get here (not Debian): install chromium to run this test"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "not root, so `apt-get install chromium` cannot run: install chromium to run this test"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-noto-core"]
    try:
        if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=300)
            done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                return f"`apt-get install chromium` failed: {done.stderr.strip().splitlines()[-1:]}"
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`apt-get install chromium` did not finish: {error}"
    return ""


@pytest.fixture(scope="session")
def chromium() -> str:
    found = _find()
    if found is None:
        reason = _install()
        found = _find()
        if found is None:
            pytest.skip(f"headless chromium is not available: {reason or 'installed, but not found on PATH'}")
    return found


def run_chromium(binary: str, tmp: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    command = [binary, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=tmp)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return done


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshot_of_the_brief(chromium, tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(render_html(sample_brief()), encoding="utf-8")
    shot = tmp_path / "brief.png"
    run_chromium(chromium, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    assert png_size(shot) == (WIDTH, HEIGHT)
    assert shot.stat().st_size > 60_000, "the screenshot looks blank"  # a blank page compresses to a few KB
    keep = os.environ.get("BRIEFS_SCREENSHOT")
    if keep:
        Path(keep).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, keep)


@pytest.fixture(scope="module")
def dumped(chromium, tmp_path_factory) -> tuple[str, str]:
    """The page as rendered and the DOM chromium holds after scripts and error handlers had their turn."""
    tmp = tmp_path_factory.mktemp("browser")
    disputed, r1 = disputed_incident()
    hostile, r2 = hostile_incident()
    page = render_html(make_brief([disputed, hostile], [*r1, *r2]))
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page)
    assert without_csp != page
    probed = without_csp.replace("</body>", PROBE + "</body>")
    path = tmp / "brief.html"
    path.write_text(probed, encoding="utf-8")
    done = run_chromium(
        chromium, tmp, "--virtual-time-budget=3000", f"--window-size={WIDTH},{HEIGHT}", "--dump-dom", path.as_uri()
    )
    return page, done.stdout


def _body(dom: str) -> dict[str, str | None]:
    [body] = Tree(dom).all("body")
    return body.attrs


def test_probe_scripts_run_in_this_browser(dumped):
    _, dom = dumped
    body = _body(dom)
    assert body.get("data-probe") == "ran", "scripts did not run: the checks below would prove nothing"
    assert body.get("data-control-img") == "fired", "error handlers did not run: the checks below would prove nothing"


def test_no_script_from_an_article_ran(dumped):
    _, dom = dumped
    body = _body(dom)
    assert "data-pwned" not in body
    tree = Tree(dom)
    assert CANARY not in tree.all("title")[0].text
    assert len(tree.all("script")) == 1  # the probe's own
    assert [e.attrs.get("src") for e in tree.all("img")] == ["missing-control-image.png"]
    assert all(not (e.attrs.get("href") or "").lower().startswith("javascript") for e in tree.all("a"))
    text = tree.all("main")[0].text
    assert f"<script>document.title='{CANARY}'" in text  # the article's markup is shown as text
    assert "<img src=x onerror=" in text


def test_arabic_evidence_is_laid_out_right_to_left(dumped):
    page, dom = dumped
    body = _body(dom)
    total = int(body["data-rtl-total"])
    assert total == len(rtl_texts(page)) and total >= 6
    assert int(body["data-rtl-computed"]) == total
    single = int(body["data-rtl-single-line"])
    assert single >= 4 and int(body["data-rtl-laid-out"]) == single
    texts = rtl_texts(dom)
    disputed, _ = disputed_incident()
    for merged in disputed.counts:
        for row in merged.reports:
            assert clean(row.count.evidence.text) in texts


MAP_PROBE = """
<script>
(function () {
  const body = document.body, svg = document.querySelector('figure.map svg');
  const box = svg.getBoundingClientRect();
  body.setAttribute('data-map-box', [box.left, box.top, box.width, box.height].join(' '));
  const dots = Array.from(svg.querySelectorAll('circle'));
  const inside = (r) =>
    r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  body.setAttribute('data-dots', dots.length);
  body.setAttribute('data-dots-inside', dots.filter(d => inside(d.getBoundingClientRect())).length);
  // Drawn and on top where it stands: what the browser finds at a dot's centre is that dot (or one
  // drawn over it at the same place), not the map's background.
  body.setAttribute('data-dots-hit', dots.filter(d => {
    const r = d.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && hit.tagName === 'circle';
  }).length);
  const ours = Array.from(svg.querySelectorAll('path.land.ours'));
  const drawn = ours.filter(p => { const r = p.getBoundingClientRect(); return r.width > 5 && r.height > 5; });
  body.setAttribute('data-ours-drawn', drawn.length);
  body.setAttribute('data-ours-fill', ours.length ? getComputedStyle(ours[0]).fill : '');
  body.setAttribute('data-title', svg.querySelector('title').textContent);
})();
</script>
"""


def test_the_map_renders_in_the_browser_with_a_screenshot(chromium, tmp_path, record_property):
    page = render_html(sample_brief())
    tree = Tree(page)
    drawn = len(tree.all("circle"))
    countries = len(tree.all("path", **{"class": "land ours"}))
    assert drawn >= 8 and countries >= 5
    path = tmp_path / "brief.html"
    path.write_text(page, encoding="utf-8")
    shot = tmp_path / "brief-map.png"
    run_chromium(chromium, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},1300", path.as_uri())
    assert png_size(shot) == (WIDTH, 1300) and shot.stat().st_size > 60_000
    kept = ROOT / "out" / "test-output" / "brief-map.png"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, kept)
    record_property("screenshot", str(kept))

    probed = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page).replace(
        "</body>", MAP_PROBE + "</body>"
    )
    path.write_text(probed, encoding="utf-8")
    done = run_chromium(
        chromium, tmp_path, "--virtual-time-budget=3000", f"--window-size={WIDTH},1300", "--dump-dom", path.as_uri()
    )
    body = _body(done.stdout)
    assert body.get("data-title", "").startswith("Map of the incidents in "), "the probe did not run"
    _, top, width, height = map(float, body["data-map-box"].split())
    assert width > 600 and height > 200 and top < 1300  # laid out, at full width, on the first screen
    assert int(body["data-dots"]) == drawn
    assert int(body["data-dots-inside"]) == drawn
    assert int(body["data-dots-hit"]) == drawn
    assert int(body["data-ours-drawn"]) == countries
    assert body["data-ours-fill"] == "rgb(245, 241, 228)"  # the page's CSS reached the SVG
