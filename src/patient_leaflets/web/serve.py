"""Serve the front desk on waitress, after checking that it is safe to."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from .app import DeskSettings, create_app
from .security import check_binding, is_loopback, loopback_names

THREADS = 4  # a clinic's front desk: a few browsers at once; a build runs in a thread of its own


def serve(settings: DeskSettings, host: str, port: int,
          ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve ``settings``'s library on ``host``:``port`` until interrupted (KeyboardInterrupt).

    Refuses (``UsageError``) a non-loopback address without an access token.
    ``ready`` hears the address once the socket listens.
    """
    import waitress

    check_binding(host, settings.token)
    app = create_app(settings)
    server = waitress.create_server(app, host=host, port=port, threads=THREADS,
                                    ident="patient-leaflets")
    bound: int = server.effective_port  # port 0: the one the system gave
    if is_loopback(host):
        # Only requests addressed to this machine: a page elsewhere cannot rebind a name to it.
        app.config["TRUSTED_HOSTS"] = loopback_names(bound)
    shown = f"[{host}]" if ":" in host else host
    threading.Thread(target=_warm_up, args=(settings,), name="warm up", daemon=True).start()
    ready(f"http://{shown}:{bound}/")
    try:
        server.run()
    finally:
        server.close()


def _warm_up(settings: DeskSettings) -> None:
    """Load what the first document in each language needs, while nobody waits for it yet."""
    from ..build.current import warm_up
    from ..library import open_library

    # Only a head start: whatever goes wrong here, the request that meets it says so.
    with contextlib.suppress(Exception):
        warm_up(open_library(settings.root), settings.today())
