"""Are the briefs of this tree byte-identical to another revision's? Seeded stores of several sizes,
spans and countries (bench/seed.py, seeded by the other revision so that it reads a store of its own
schema), each brief rendered as Markdown, JSON and HTML (its generation time fixed) by both trees in
fresh processes, compared byte for byte.

Run: .venv/bin/python bench/brief_identity.py --baseline REV   (exit status 1 when any output differs)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefs.brief.render import Format

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # after PYTHONPATH: a worker imports the project from the tree it measures

from bench.trees import baseline_tree, in_tree  # noqa: E402

FORMATS: tuple[Format, ...] = ("md", "json", "html")
# name: reports, days, first day, the brief's span (days from the first), country
CASES: dict[str, tuple[int, int, date, tuple[int, int], str | None]] = {
    "300 reports, 3 days": (300, 3, date(2024, 3, 12), (0, 2), None),
    "2,000 reports, 10 days": (2000, 10, date(2023, 12, 28), (0, 9), None),
    "2,000 reports, one day": (2000, 10, date(2023, 12, 28), (4, 4), None),
    "5,000 reports, 28 days of Syria": (5000, 40, date(2024, 2, 1), (3, 30), "SYR"),
    "5,000 reports, Iraq": (5000, 40, date(2024, 2, 1), (0, 39), "IRQ"),
    "8,000 reports, 25 days": (8000, 25, date(2024, 6, 1), (0, 24), None),
}


def worker(mode: str, folder: Path) -> None:
    """In a fresh process, with the tree measured first on the path: seed every case's store, or
    print the digest of each case's brief in each format."""
    from briefs.brief.build import build_brief
    from briefs.brief.render import render
    from briefs.store import Store

    digests = {}
    for number, (name, (reports, days, first, (start, end), country)) in enumerate(CASES.items()):
        url = f"sqlite:///{folder / f'case-{number}.db'}"
        if mode == "seed":
            from bench.seed import seed

            store = Store(url)
            seed(store, reports, days, first)
            store.close()
            continue
        brief = build_brief(Store(url), first + timedelta(days=start), first + timedelta(days=end), country=country)
        brief = brief.model_copy(update={"generated_at": datetime(2024, 1, 1, tzinfo=UTC)})
        for fmt in FORMATS:
            digests[f"{name}, {fmt}"] = hashlib.sha256(render(brief, fmt).encode()).hexdigest()
        digests[f"{name}, incidents"] = str(len(brief.incidents))
    print(json.dumps(digests))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="the git revision to compare with")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return 0
    script = Path(__file__).resolve()
    with tempfile.TemporaryDirectory(prefix="briefs-identity-") as directory, baseline_tree(args.baseline) as tree:
        in_tree(tree, script, "--worker", "seed", directory)
        before = in_tree(tree, script, "--worker", "render", directory)
        after = in_tree(ROOT, script, "--worker", "render", directory)
    differ = [name for name in before if before[name] != after.get(name)]
    for name, digest in after.items():
        mark = "DIFFERENT" if name in differ else "identical"
        print(f"  {name:<45} {mark:<9} {digest[:16]}")
    print(f"{len(before) - len(differ)} of {len(before)} outputs byte-identical to {args.baseline}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
