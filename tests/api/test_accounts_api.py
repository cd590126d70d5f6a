"""An admin manages its own member's users and tokens over HTTP, never another member's."""

from __future__ import annotations

from coalition.accounts import Accounts
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.test_errors import assert_error


def test_admin_adds_a_user_and_issues_a_token(api: ApiClient, tokens: dict[str, str]) -> None:
    admin = tokens["admin"]
    created = api.post("/users", token=admin, json={"username": "bank-feed", "role":
                                                     "screener"})
    assert created.status_code == 201, created.text
    assert created.json()["member_id"] == "fr"
    issued = api.post("/users/bank-feed/tokens", token=admin, json={"label": "feed"}).json()
    me = api.get("/me", token=issued["token"]).json()
    assert me["username"] == "bank-feed" and me["role"] == "screener"
    listed = api.get("/users/bank-feed/tokens", token=admin).json()
    assert [t["id"] for t in listed] == [issued["id"]] and issued["token"] not in str(listed)
    assert {u["username"] for u in api.get("/users", token=admin).json()} == {
        "admin", "analyst", "screener", "bank-feed"}
    revoked = api.post(f"/tokens/{issued['id']}/revoke", token=admin).json()
    assert revoked["revoked_at"]
    assert_error(api.get("/me", token=issued["token"]), 401, "unauthorized")


def test_admin_cannot_reach_another_members_users(api: ApiClient,
                                                  tokens: dict[str, str]) -> None:
    admin = tokens["admin"]
    assert_error(api.post("/users/de-analyst/tokens", token=admin, json={}), 404, "not_found")
    assert_error(api.get("/users/de-analyst/tokens", token=admin), 404, "not_found")
    assert_error(api.post("/users", token=admin, json={"username": "de-analyst",
                                                       "role": "admin"}), 409, "conflict")
    assert api.get("/me", token=tokens["de-analyst"]).json()["role"] == "analyst"


def test_non_admins_and_other_tokens(api: ApiClient, api_store: Store,
                                     tokens: dict[str, str]) -> None:
    assert_error(api.get("/users", token=tokens["analyst"]), 403, "forbidden")
    assert_error(api.post("/users", token=tokens["analyst"],
                          json={"username": "x", "role": "admin"}), 403, "forbidden")
    accounts = Accounts(api_store)
    (de_token,) = accounts.list_tokens("de-analyst")
    (own,) = accounts.list_tokens("analyst")
    # neither an analyst nor another member's admin may revoke someone else's token
    assert_error(api.post(f"/tokens/{de_token.id}/revoke", token=tokens["analyst"]), 404,
                 "not_found")
    assert_error(api.post(f"/tokens/{de_token.id}/revoke", token=tokens["admin"]), 403,
                 "forbidden")
    assert api.get("/me", token=tokens["de-analyst"]).status_code == 200
    # a user may revoke its own token
    assert api.post(f"/tokens/{own.id}/revoke", token=tokens["analyst"]).status_code == 200
    assert_error(api.get("/me", token=tokens["analyst"]), 401, "unauthorized")
