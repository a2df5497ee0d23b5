"""/docs and /redoc in headless chromium, served by a real uvicorn: with only the packaged assets and
under the pages' Content-Security-Policy, both render the API's operations (no CDN, no network)."""

from __future__ import annotations

import pytest

from .api_support import Server, api_settings
from .test_render_browser import chromium, run_chromium  # noqa: F401 - the session's chromium fixture


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_render_offline_under_their_csp(chromium, tmp_path, page):
    from api import create_app
    from briefs.store import Store

    settings = api_settings(tmp_path)
    store = Store(settings.database_url)
    try:
        with Server(create_app(settings, store)) as server:
            dom = run_chromium(
                chromium, tmp_path, "--virtual-time-budget=5000", "--dump-dom", server.base_url + page
            ).stdout
    finally:
        store.close()
    # Rendered by the scripts: the operation summaries come from /openapi.json, not from the page's HTML.
    assert (
        "Submit one article or a batch for processing" in dom
        and "Check every number and name of an English text" in dom
    )
