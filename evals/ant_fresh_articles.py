"""Write the articles of the fresh ANT split (evals/datasets/incidents-ant-fresh.jsonl) from a clone of the
ANT corpus into a directory laid out as ../shared/corpus is, for `briefs eval run lexicon-ant-fresh`.

    git clone https://github.com/antcorpus/antcorpus.multisource.data /tmp/ant
    python evals/ant_fresh_articles.py /tmp/ant /tmp/ant-fresh-corpus
    BRIEFS_ANT_FRESH=/tmp/ant-fresh-corpus briefs eval run lexicon-ant-fresh

These articles are not in ../shared, so CI cannot read them and the suite is skipped there. The text is
written outside the project, never into it (the publishers keep their copyright). Each file is laid out as
../shared's are: line 1 where the corpus took it from, a blank line, the headline, a blank line, the body.
The corpus is the ANT corpus (Chouigui, Ben Khiroun and Elayeb; antcorpus.github.io).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

DATASET = Path(__file__).parent / "datasets" / "incidents-ant-fresh.jsonl"
REPOSITORY = "antcorpus/antcorpus.multisource.data"


def _field(document: str, tag: str) -> str:
    found = re.search(rf"<{tag}>\s*(.*?)\s*</{tag}>", document, re.S)
    return found.group(1) if found else ""


def article(clone: Path, path: str, commit: str) -> str:
    """The article at `path` of the corpus at `commit`, as ../shared lays out its files."""
    document = subprocess.run(
        ["git", "-C", str(clone), "show", f"{commit}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return f"{REPOSITORY} {path} (commit {commit})\n\n{_field(document, 'TITLE')}\n\n{_field(document, 'TEXT')}\n"


def main(clone: Path, out: Path) -> int:
    written = 0
    for line in DATASET.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        path = case["source"].removeprefix(f"{REPOSITORY} ")
        target = out / case["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article(clone, path, case["commit"]), encoding="utf-8")
        written += 1
    print(f"{written} articles written under {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
