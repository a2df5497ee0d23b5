"""Tables built from data files once, then kept on disk: a new process loads them instead of building them.

As Python keeps .pyc files: a table's file is named by a digest of everything it is built from (the data
files, the source of the modules that build it and define its classes, the Python version), so a changed
input builds and writes a new file, and a file that cannot be read or written costs only the build.
`BRIEFS_CACHE_DIR` sets the directory (set and empty: nothing is kept); by default the user's cache
directory (`$XDG_CACHE_HOME/briefs`, `~/.cache/briefs`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

_Table = TypeVar("_Table")
_KEPT_SECONDS = 24 * 3600  # a table built from other inputs is removed when no process wrote it for this long


def cache_dir() -> Path | None:
    """Where tables are kept, or None when they are not."""
    configured = os.environ.get("BRIEFS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    platform = sys.platform  # a name, not the constant: the default differs by platform
    if platform.startswith("linux"):  # platformdirs' answer here, without its import on every start
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefs"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefs"))


def table_file(name: str, inputs: Sequence[Path]) -> Path | None:
    """The file of table `name` built from `inputs` (None when tables are not kept)."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for path in inputs:
        digest.update(path.read_bytes())
    return folder / f"{name}-{digest.hexdigest()}.pickle"


def load_or_build(name: str, inputs: Sequence[Path], build: Callable[[], _Table]) -> _Table:
    """The table `build()` makes from `inputs`, read from its file when an earlier process wrote it."""
    path = table_file(name, inputs)
    if path is None:
        return build()
    try:
        with path.open("rb") as stored:
            return pickle.load(stored)  # the user's own cache, written below: as trusted as a .pyc file
    except Exception:  # noqa: BLE001 (missing, truncated or stale: unpickling raises whatever it meets; build)
        pass
    table = build()
    _write(path, name, table)
    return table


def _write(path: Path, name: str, table: object) -> None:
    """Write `table` to `path` whole or not at all (a temporary file renamed), and remove the files of
    the same table built from other inputs that no process wrote for a day. A read-only or full disk is
    not an error: the next process builds."""
    import tempfile  # only a process that writes a table pays for its import

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}-", suffix=".tmp", delete=False) as out:
            temporary = Path(out.name)
            pickle.dump(table, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for older in path.parent.glob(f"{name}-*.pickle"):
            # Another checkout or version may still use a recent one (they share the directory).
            if older != path and older.stat().st_mtime < time.time() - _KEPT_SECONDS:
                older.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
