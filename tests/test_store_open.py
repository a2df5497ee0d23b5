"""Opening a store: at the current schema it costs one plain query and no alembic import; otherwise
it migrates as before."""

from __future__ import annotations

import subprocess
import sys

from alembic import command
from briefs.migrations import HEAD, alembic_config, head, recorded
from briefs.store import Store
from sqlalchemy import create_engine


def test_the_recorded_head_is_alembics():
    assert head() == HEAD  # a new revision in versions/ must move HEAD too


def test_a_current_store_opens_without_alembic_and_a_new_one_migrates(tmp_path):
    url = f"sqlite:///{tmp_path / 'briefs.db'}"
    store = Store(url)  # new: migrated
    assert recorded(store.engine) == HEAD
    store.close()
    probe = (
        "import sys; from briefs.store import Store; Store(sys.argv[1]).ping(); "
        "print(sorted(m for m in sys.modules if m.startswith('alembic')))"
    )
    done = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    older = f"sqlite:///{tmp_path / 'older.db'}"  # a store one revision behind is brought up to date on open
    engine = create_engine(older)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert recorded(engine) == "0001"
    engine.dispose()
    store = Store(older)
    assert recorded(store.engine) == HEAD and store.calls.output_mode("http://llm.example.org/v1") is None
    store.close()
