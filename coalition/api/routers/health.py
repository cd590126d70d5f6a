"""Liveness and readiness, without authentication (for load balancers and orchestrators)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["Health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    """Always `{"status": "ok"}` while the server answers."""
    return {"status": "ok"}


@router.get("/readyz", summary="Ready to serve: store reachable, screening index built",
            responses={503: {"description": "Not ready; the body says which check failed"}})
def readyz(request: Request) -> JSONResponse:
    """200 when the store answers and the screening index is built, else 503 with the checks."""
    services = request.app.state.services
    checks: dict[str, str] = {}
    try:
        with services.store.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        checks["store"] = "ok"
    except sa.exc.SQLAlchemyError as exc:
        checks["store"] = f"unreachable: {type(exc).__name__}"
    checks["screening_index"] = "ok" if services.screening.ready() else "not built yet"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ok" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)
