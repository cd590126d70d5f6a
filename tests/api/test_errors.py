"""Every error has one JSON body: {"error": {"status", "type", "message", ...}}."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter

from coalition.errors import ConflictError, InputError
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app


def assert_error(response: httpx.Response, status: int, type_: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert error["type"] == type_
    assert isinstance(error["message"], str) and error["message"]
    return error  # type: ignore[no-any-return]


@pytest.fixture
def broken(sqlite_store: Store, tmp_path: Path) -> ApiClient:
    """An app with routes that fail in each way the handlers must cover."""
    app = make_app(sqlite_store, tmp_path, preload_index=False)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    @router.get("/conflict")
    def conflict() -> None:
        raise ConflictError("already there", where="thing 7")

    @router.get("/bad-input")
    def bad_input() -> None:
        raise InputError("unreadable record")

    app.include_router(router)
    client = ApiClient(app)
    yield client  # type: ignore[misc]
    client.close()


def test_unknown_path_and_method(broken: ApiClient) -> None:
    error = assert_error(broken.get("/no/such/thing"), 404, "not_found")
    assert "/no/such/thing" in str(error["message"])
    error = assert_error(broken.request("DELETE", "/healthz"), 405, "method_not_allowed")
    assert "DELETE" in str(error["message"])
    # Allow names every method of the path, served by different routes
    response = broken.request("PUT", "/monitor/candidates")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_package_errors_keep_their_status_and_where(broken: ApiClient) -> None:
    error = assert_error(broken.get("/conflict"), 409, "conflict")
    assert error["message"] == "already there"
    assert error["where"] == "thing 7"
    assert_error(broken.get("/bad-input"), 422, "invalid_request")


def test_unexpected_error_is_500_without_traceback(broken: ApiClient,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="coalition.api"):
        response = broken.get("/boom")
    assert_error(response, 500, "internal_server_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    assert any("secret internal detail" in (r.exc_text or "") for r in caplog.records)


def test_validation_error_names_the_field(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.get("/search/default", params={"limit": "many", "q": "x"},
                       token=tokens["screener"])
    error = assert_error(response, 422, "invalid_request")
    assert "limit" in str(error["message"])
    assert any(d["loc"] == "query.limit" for d in error["details"])  # type: ignore[union-attr]


def test_malformed_json_is_400(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.post("/match/default", content=b'{"queries": {"a": ',
                        headers={"content-type": "application/json"},
                        token=tokens["screener"])
    error = assert_error(response, 400, "bad_request")
    assert "JSON" in str(error["message"])


def test_json_of_the_wrong_shape_is_422(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.post("/match/default", json={"queries": ["not", "a", "mapping"]},
                        token=tokens["screener"])
    error = assert_error(response, 422, "invalid_request")
    assert "queries" in str(error["message"])
