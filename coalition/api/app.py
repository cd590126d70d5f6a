"""`create_app()`: the coalition's HTTP API as a FastAPI app.

Routers live one per module in coalition/api/routers/, each exposing `router`; ROUTERS lists
them in the order OpenAPI shows them. The services (store, accounts, screening, ledger,
exchange, monitor, rate limiter) are built once per app and kept in `app.state.services`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from coalition import __version__
from coalition.api import errors
from coalition.api.bodylimit import BodyLimit
from coalition.api.services import Services
from coalition.api.settings import ApiSettings
from coalition.store import Store
from coalition.web import session_secret, web_router

log = logging.getLogger("coalition.api")

ROUTERS = [
    "coalition.api.routers.health",
    "coalition.api.routers.accounts",
    "coalition.api.routers.screening",
    "coalition.api.routers.ledger",
    "coalition.api.routers.monitor",
    "coalition.api.routers.exchange",
]

DESCRIPTION = """The coalition's joint list, screening, exchange and news monitor over HTTP.

Authenticate with `Authorization: Bearer <token>` (or `ApiKey <token>`); tokens come from
`coalition token issue USER`. Every user acts for one member with a role: `screener`
(screening only), `analyst`, `admin`. Every error has the body
`{"error": {"status", "type", "message", "where"?, "details"?}}`.
"""


def create_app(settings: ApiSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over `store` (default: the one COALITION_DB / COALITION_HOME name)."""
    settings = settings or ApiSettings.from_env()
    owned = store is None
    store = store or Store(settings.core.db_url)
    services = Services.build(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.preload_index:
            await run_in_threadpool(services.screening.warm)
            log.info("screening index ready")
        yield
        if owned:
            store.close()

    # FastAPIOffline: the documentation pages load Swagger UI and ReDoc from this node
    app = FastAPIOffline(title="coalition", version=__version__, description=DESCRIPTION,
                         lifespan=lifespan)
    app.state.services = services
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router, responses=errors.RESPONSES)
    app.include_router(web_router(session_secret(settings)))
    return app
