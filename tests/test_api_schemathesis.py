"""schemathesis against the OpenAPI document: no input it generates, valid or not, gets a 5xx.

Every operation is called with an admin key (so that roles do not hide the handlers), a rate limit
high enough not to interfere, and a short, derandomized run. The app is made when the module is
collected (schemathesis loads the schema then), over a SQLite file in a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from .api_support import api_settings, make_keys


def _make_app():
    from api import create_app
    from briefs.store import Store

    folder = Path(tempfile.mkdtemp(prefix="briefs-schemathesis-"))
    config = api_settings(folder, api_max_batch=5, api_wait_timeout=2.0)
    store = Store(config.database_url)
    keys = make_keys(store)
    app = create_app(config, store)

    def cleanup():
        app.state.core.close()
        store.close()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(cleanup)
    return app, keys


APP, KEYS = _make_app()
HEADERS = {"Authorization": f"Bearer {KEYS['admin']}"}
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_no_server_error_for_any_generated_input(case):
    response = case.call(headers=HEADERS)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}"
    )
    case.validate_response(response, checks=[not_a_server_error])
