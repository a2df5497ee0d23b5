from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASETS = ROOT / "evals" / "datasets"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def shared_articles() -> list[Path]:
    """The real articles beside the project (../shared); empty on a user's fresh clone."""
    if not SHARED.is_dir():
        return []
    return sorted((SHARED / "corpus" / "ant").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the real-article corpus) is not beside the project")
