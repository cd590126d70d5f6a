"""Liveness and readiness."""

from __future__ import annotations

from pathlib import Path

from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app


def test_healthz_and_readyz_once_the_index_is_built(api: ApiClient) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    response = api.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok",
                               "checks": {"store": "ok", "screening_index": "ok"}}


def test_readyz_is_503_until_the_index_is_built(sqlite_store: Store, tmp_path: Path) -> None:
    client = ApiClient(make_app(sqlite_store, tmp_path, preload_index=False))
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["screening_index"] == "not built yet"
        client.app.state.services.screening.warm()
        assert client.get("/readyz").status_code == 200
    finally:
        client.close()


def test_openapi_document_and_docs(api: ApiClient) -> None:
    doc = api.get("/openapi.json").json()
    for path in ("/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/healthz",
                 "/readyz", "/members", "/consolidated", "/log/head", "/monitor/stories"):
        assert path in doc["paths"], path
    assert api.get("/docs").status_code == 200
