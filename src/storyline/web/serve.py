"""Running the app with uvicorn, on the loopback interface unless remote access is asked for."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from ..errors import StorylineError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse any address beyond loopback unless ``allow_remote``: the app has no authentication."""
    if allow_remote or host.lower() in LOOPBACK_NAMES:
        return
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return
    except ValueError:
        pass
    raise StorylineError(f"--host {host} would serve beyond this machine; pass --allow-remote to do so on purpose")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, allow_remote: bool = False) -> None:
    import uvicorn

    from .app import create_app

    check_host(host, allow_remote)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
