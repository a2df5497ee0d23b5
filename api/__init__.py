"""The Briefs HTTP API (FastAPI): `uvicorn api.app:app`, or `briefs serve`.

Depends on `briefs`; `briefs` never imports it at module import time.
"""

from api.app import create_app

__all__ = ["create_app"]
