"""Authentication and roles: 401 without valid credentials, 403 for the wrong role or
another member, both logged; tokens are stored hashed and can be revoked."""

from __future__ import annotations

import hashlib
import logging

import pytest
import sqlalchemy as sa

from coalition.accounts import Accounts
from coalition.accounts.tables import tokens as tokens_table
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.test_errors import assert_error


def test_no_token_is_401_and_logged(api: ApiClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="coalition.api.auth"):
        response = api.get("/me")
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert any("401 GET /me" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("header", ["Bearer cot_not-a-real-token", "Basic YWxpY2U6eA==",
                                    "Bearer", "cot_token-without-scheme"])
def test_bad_credentials_are_401(api: ApiClient, tokens: dict[str, str], header: str) -> None:
    assert_error(api.get("/me", headers={"Authorization": header}), 401, "unauthorized")


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "ApiKey"])
def test_bearer_and_yente_apikey_schemes(api: ApiClient, tokens: dict[str, str],
                                         scheme: str) -> None:
    response = api.get("/me", headers={"Authorization": f"{scheme} {tokens['analyst']}"})
    assert response.status_code == 200
    assert response.json() == {"user_id": response.json()["user_id"], "username": "analyst",
                               "member_id": "fr", "role": "analyst"}


def test_tokens_are_stored_only_hashed(api_store: Store, tokens: dict[str, str]) -> None:
    with api_store.engine.connect() as conn:
        stored = set(conn.execute(sa.select(tokens_table.c.token_hash)).scalars())
    for token in tokens.values():
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_revoked_token_and_disabled_user_are_refused(api: ApiClient, api_store: Store,
                                                     tokens: dict[str, str]) -> None:
    accounts = Accounts(api_store)
    assert api.get("/me", token=tokens["analyst"]).status_code == 200
    (info,) = accounts.list_tokens("analyst")
    assert info.last_used_at is not None
    accounts.revoke_token(info.id)
    error = assert_error(api.get("/me", token=tokens["analyst"]), 401, "unauthorized")
    assert "revoked" in str(error["message"])
    accounts.set_disabled("screener")
    error = assert_error(api.get("/me", token=tokens["screener"]), 401, "unauthorized")
    assert "disabled" in str(error["message"])


def test_screener_may_screen_but_not_read_the_joint_list(
        api: ApiClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    ok = api.get("/search/default", params={"q": "Garbani"}, token=tokens["screener"])
    assert ok.status_code == 200
    with caplog.at_level(logging.WARNING, logger="coalition.api.auth"):
        response = api.get("/members", token=tokens["screener"])
    error = assert_error(response, 403, "forbidden")
    assert "screener" in str(error["message"])
    assert any("403 GET /members refused for screener" in r.getMessage()
               for r in caplog.records)
    assert api.get("/members", token=tokens["analyst"]).status_code == 200
    assert api.get("/members", token=tokens["admin"]).status_code == 200


PUBLIC = {"/healthz", "/readyz"}


def test_every_api_route_refuses_anonymous_callers(api: ApiClient) -> None:
    """Each operation of the API's OpenAPI document (every router's routes, included ones
    too), called without credentials, is a 401 (the health checks excepted); path
    parameters get placeholder values."""
    checked = 0
    for path, operations in api.app.openapi()["paths"].items():
        if path in PUBLIC:
            continue
        concrete = path.replace("{", "").replace("}", "")
        for method in set(operations) & {"get", "post", "put", "patch", "delete"}:
            response = api.request(method.upper(), concrete, json={})
            assert response.status_code == 401, (method, path, response.text)
            checked += 1
    assert checked >= 30
