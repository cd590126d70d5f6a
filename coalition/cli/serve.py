"""`coalition serve`: the HTTP API on uvicorn. Stopping it (Ctrl-C, SIGTERM) lets requests in
flight finish, up to COALITION_API_SHUTDOWN_TIMEOUT seconds."""

from __future__ import annotations

import click

from coalition.api.settings import ApiSettings


@click.command("serve")
@click.option("--host", help="Address to bind (default: COALITION_API_HOST or 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535),
              help="Port (default: COALITION_API_PORT or 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the HTTP API (OpenAPI documentation at /docs)."""
    import uvicorn

    from coalition.api.app import create_app

    settings = ApiSettings.from_env(host=host, port=port)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level,
                timeout_graceful_shutdown=settings.shutdown_timeout, access_log=False)
