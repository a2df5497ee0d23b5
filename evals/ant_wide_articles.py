"""Print the real articles of ../shared/corpus/ant-wide as JSONL article input (id, title, text,
published_at, outlet, url), the publication time taken from its index.jsonl. The text stays in
../shared: this writes to standard output, for `briefs run`, never into the project.

    python evals/ant_wide_articles.py > /tmp/ant-wide.jsonl
    BRIEFS_DB_URL=sqlite:////tmp/ant.db briefs run /tmp/ant-wide.jsonl
    BRIEFS_DB_URL=sqlite:////tmp/ant.db briefs incidents --from 2018-01-01 --to 2018-12-31 -f json

The corpus is the ANT corpus (Chouigui et al., antcorpus.github.io); publishers keep their copyright.
"""

from __future__ import annotations

import email.utils
import json
import os
import sys
from pathlib import Path

CORPUS = Path(os.environ.get("BRIEFS_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "corpus" / "ant-wide"


def articles(corpus: Path = CORPUS):
    for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        path = corpus / meta["file"]
        if not path.is_file():
            continue
        body = path.read_text(encoding="utf-8").split("\n", 1)[1].strip()  # line 1 names the corpus file
        yield {
            "id": f"ant-wide/{meta['file']}",
            "title": meta["title"],
            "text": body,
            "outlet": meta["outlet"],
            "url": meta["url"],
            "published_at": email.utils.parsedate_to_datetime(meta["published"]).isoformat(),
        }


if __name__ == "__main__":
    if not (CORPUS / "index.jsonl").is_file():
        sys.exit(f"{CORPUS}/index.jsonl is absent: ../shared is not beside the project")
    for article in articles():
        print(json.dumps(article, ensure_ascii=False))
