"""Abuse: per-token rate limits (429 with Retry-After), body size limits (413 before the body
is read), oversized batches; each answered in the one error format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from coalition.api.ratelimit import TokenBucket
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app
from tests.api.test_errors import assert_error


def test_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=3, clock=lambda: now[0])
    assert [bucket.acquire("a") for _ in range(3)] == [None, None, None]
    wait = bucket.acquire("a")
    assert wait is not None and abs(wait - 0.5) < 1e-9
    assert bucket.acquire("b") is None  # another key has its own bucket
    now[0] = 0.5
    assert bucket.acquire("a") is None
    assert bucket.acquire("a") is not None


def test_rate_limit_is_per_token(api_store: Store, home: Path, tokens: dict[str, str]) -> None:
    client = ApiClient(make_app(api_store, home, rate_limit=0.01, rate_burst=2))
    try:
        for _ in range(2):
            assert client.get("/me", token=tokens["analyst"]).status_code == 200
        response = client.get("/me", token=tokens["analyst"])
        error = assert_error(response, 429, "too_many_requests")
        assert "rate limit" in str(error["message"])
        assert int(response.headers["retry-after"]) >= 1
        assert client.get("/me", token=tokens["screener"]).status_code == 200
    finally:
        client.close()


def test_declared_oversized_body_is_413(api_store: Store, home: Path,
                                        tokens: dict[str, str]) -> None:
    client = ApiClient(make_app(api_store, home, max_body_bytes=1_000))
    try:
        body = b'{"queries": {"a": {"schema": "Person", "properties": {"name": ["' + \
            b"x" * 2_000 + b'"]}}}}'
        response = client.post("/match/default", content=body, token=tokens["screener"],
                               headers={"content-type": "application/json"})
        error = assert_error(response, 413, "payload_too_large")
        assert "1,000 bytes" in str(error["message"])
        # refused before authentication or routing: no token needed to be turned away
        assert client.post("/nowhere", content=body).status_code == 413
    finally:
        client.close()


def test_streamed_oversized_body_is_413(api_store: Store, home: Path,
                                        tokens: dict[str, str]) -> None:
    client = ApiClient(make_app(api_store, home, max_body_bytes=1_000))

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"queries": {"a": {"schema": "Person", "properties": {"name": ["'
        for _ in range(100):
            yield b"y" * 100
        yield b'"]}}}}'

    try:
        response = client.post("/match/default", content=chunks(), token=tokens["screener"],
                               headers={"content-type": "application/json"})
        assert "content-length" not in response.request.headers
        assert_error(response, 413, "payload_too_large")
    finally:
        client.close()


def test_bad_content_length_is_400(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.post("/match/default", content=b"{}", token=tokens["screener"],
                        headers={"content-type": "application/json", "content-length": "-5"})
    assert_error(response, 400, "bad_request")


def test_too_many_queries_in_one_batch(api_store: Store, home: Path,
                                       tokens: dict[str, str]) -> None:
    client = ApiClient(make_app(api_store, home, max_queries=3))
    try:
        queries = {f"q{i}": {"schema": "Person", "properties": {"name": ["John Doe"]}}
                   for i in range(4)}
        response = client.post("/match/default", json={"queries": queries},
                               token=tokens["screener"])
        error = assert_error(response, 400, "bad_request")
        assert error["where"] == "queries" and "limit of 3" in str(error["message"])
    finally:
        client.close()
