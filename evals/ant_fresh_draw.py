"""How held-out-6 (evals/datasets/incidents-ant-fresh.jsonl) was drawn from a clone of the ANT corpus: every
article of the five outlets' international and Middle East news not in ../shared, in sorted order, shuffled
with random.Random(20261130); the first N whose headline names violence and whose body has 400 characters
or more, passing over any that ../shared/tools/held_out_guard.py names. Prints their corpus paths.

    python evals/ant_fresh_draw.py /tmp/ant ../shared 40
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = 20261130
SECTIONS = ("internationalNews", "middleEast")
VIOLENCE = ("قتل", "مقتل", "قتيل", "قتلى", "هجوم", "انفجار", "تفجير", "اشتباك", "غارة", "غارات", "قصف", "اعتقال")
VIOLENCE += ("اختطاف", "انتحاري", "مسلح", "اغتيال", "عبوة", "جرحى", "مصرع")


def _git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(clone), *args], capture_output=True, text=True, check=True).stdout


def _field(document: str, tag: str) -> str:
    found = re.search(rf"<{tag}>\s*(.*?)\s*</{tag}>", document, re.S)
    return found.group(1) if found else ""


def draw(clone: Path, shared: Path, wanted: int) -> list[str]:
    used = set()
    for path in (shared / "corpus").glob("*/*.txt"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if found := re.search(r"multisource\.data (\S+)", first):
            used.add(found.group(1))
    names = _git(clone, "ls-tree", "-r", "--name-only", "HEAD").split()
    pool = sorted(n for n in names if n.count("/") == 2 and n.split("/")[1] in SECTIONS and n not in used)
    random.Random(SEED).shuffle(pool)
    picked: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in pool:
            if len(picked) == wanted:
                break
            document = _git(clone, "show", f"HEAD:{name}")
            title, text = _field(document, "TITLE"), _field(document, "TEXT")
            if len(text) < 400 or not any(word in title for word in VIOLENCE):
                continue
            candidate = Path(scratch) / Path(name).name
            candidate.write_text(
                f"antcorpus/antcorpus.multisource.data {name}\n\n{title}\n\n{text}\n", encoding="utf-8"
            )
            guard = subprocess.run(
                [sys.executable, str(shared / "tools" / "held_out_guard.py"), str(candidate)], capture_output=True
            )
            if guard.returncode == 0:
                picked.append(name)
    return picked


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print("\n".join(draw(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
