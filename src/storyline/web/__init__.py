"""The local web app (FastAPI): the report's pages and a JSON API, read-only over one store."""

from .app import create_app
from .serve import check_host, serve

__all__ = ["create_app", "check_host", "serve"]
