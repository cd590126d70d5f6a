"""The joint list over HTTP: members, statements signed by the node or elsewhere, proposals,
consolidated lists, disagreements and log proofs; a token acts only for its own member."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coalition.ledger import Draft, KeyStore, Ledger
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.test_errors import assert_error

ENTITY = "un-sc-XQi.001"


def signed_by(store: Store, home: Path, member: str, position: str = "objects",
              **extra: object) -> dict[str, str]:
    """A statement signed with the member's own key, as a member node would send it."""
    ledger = Ledger(store, KeyStore(home / "keys"))
    draft = Draft(member, ENTITY, position, "national act 12/2020", "2026-01-20",
                  reasons="disputed", **extra)  # type: ignore[arg-type]
    return ledger.sign(draft, ledger.next_seq(member)).to_json()


def size(api: ApiClient, token: str) -> int:
    return int(api.get("/log/head", token=token).json()["tree_size"])


def test_members(api: ApiClient, tokens: dict[str, str]) -> None:
    members = {m["id"]: m for m in api.get("/members", token=tokens["analyst"]).json()}
    assert {"fr", "de", "unsc", "us"} <= set(members)
    assert members["fr"]["kind"] == "foreign-ministry"
    one = api.get("/members/unsc", token=tokens["analyst"]).json()
    assert one["statements"] > 0
    assert_error(api.get("/members/xx", token=tokens["analyst"]), 404, "not_found")


def test_sign_and_list_statements_of_own_member(api: ApiClient,
                                                tokens: dict[str, str]) -> None:
    before = size(api, tokens["analyst"])
    response = api.post("/members/fr/statements", token=tokens["analyst"], json={
        "entity": ENTITY, "position": "listed", "legal_basis": "Code monétaire L562-2",
        "effective": "2026-02-01"})
    assert response.status_code == 201, response.text
    sid = response.json()["id"]
    assert response.json()["tree_size"] == before + 1
    # an analyst of one member cannot record for another
    other = api.post("/members/de/statements", token=tokens["analyst"], json={
        "entity": ENTITY, "position": "listed", "legal_basis": "x"})
    assert "'de'" in str(assert_error(other, 403, "forbidden")["message"])
    listed = api.get("/statements", params={"member": "fr"}, token=tokens["analyst"]).json()
    assert listed["total"] == 1 and listed["results"][0]["id"] == sid
    signed = api.get(f"/statements/{sid}", token=tokens["analyst"]).json()
    assert signed["id"] == sid and '"member":"fr"' in signed["payload"]


def test_submit_signed_elsewhere_only_for_own_member(api: ApiClient, api_store: Store,
                                                     home: Path,
                                                     tokens: dict[str, str]) -> None:
    statement = signed_by(api_store, home, "de")
    before = size(api, tokens["analyst"])
    error = assert_error(api.post("/statements", json=statement, token=tokens["analyst"]),
                         403, "forbidden")
    assert "'fr'" in str(error["message"]) and "'de'" in str(error["message"])
    assert size(api, tokens["analyst"]) == before
    response = api.post("/statements", json=statement, token=tokens["de-analyst"])
    assert response.status_code == 201, response.text
    assert size(api, tokens["analyst"]) == before + 1
    # a replay is refused and changes nothing
    replay = api.post("/statements", json=statement, token=tokens["de-analyst"])
    assert 400 <= replay.status_code < 500 and "error" in replay.json()
    assert size(api, tokens["analyst"]) == before + 1


def test_tampered_or_malformed_statements_change_nothing(api: ApiClient, api_store: Store,
                                                         home: Path,
                                                         tokens: dict[str, str]) -> None:
    statement = signed_by(api_store, home, "de")
    before = size(api, tokens["de-analyst"])
    tampered = dict(statement, payload=statement["payload"].replace("disputed", "disputeD"))
    response = api.post("/statements", json=tampered, token=tokens["de-analyst"])
    assert 400 <= response.status_code < 500 and "signature" in response.text
    bad = api.post("/statements", json={"payload": "{not json", "signature": "ab" * 64},
                   token=tokens["de-analyst"])
    assert assert_error(bad, 400, "bad_request")["where"] == "payload"
    short = api.post("/statements", json={"payload": "{}", "signature": "abc"},
                     token=tokens["de-analyst"])
    assert_error(short, 422, "invalid_request")
    assert size(api, tokens["de-analyst"]) == before


def test_node_cannot_sign_for_a_member_whose_key_it_lacks(api: ApiClient, api_store: Store,
                                                          tmp_path: Path,
                                                          tokens: dict[str, str]) -> None:
    ledger = Ledger(api_store, KeyStore(tmp_path / "elsewhere"))
    ledger.add_member("it", "Italy", country="it")  # key made in another folder
    from coalition.accounts import Accounts

    accounts = Accounts(api_store)
    accounts.add_user("it-analyst", "it", "analyst")
    token = accounts.issue_token("it-analyst").token
    response = api.post("/members/it/statements", token=token, json={
        "entity": ENTITY, "position": "listed", "legal_basis": "x"})
    error = assert_error(response, 409, "conflict")
    assert "sign the statement yourself" in str(error["message"])


def test_proposal_answers_and_disagreements(api: ApiClient, tokens: dict[str, str]) -> None:
    created = api.post("/proposals", token=tokens["analyst"], json={
        "entity": ENTITY, "legal_basis": "UNSCR 2253 (2015)", "effective": "2026-02-01",
        "deadline": (date.today() + timedelta(days=30)).isoformat(), "quorum": 2})
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    answered = api.post(f"/proposals/{pid}/answers", token=tokens["de-analyst"], json={
        "position": "objects", "legal_basis": "GG Art. 5", "effective": "2026-02-02"})
    assert answered.status_code == 201, answered.text
    (proposal,) = api.get("/proposals", token=tokens["analyst"]).json()
    assert proposal["id"] == pid and proposal["objected_by"] == ["de"]
    dis = api.get("/disagreements", token=tokens["analyst"]).json()
    entry = next(e for e in dis["results"] if e["entity_id"] == ENTITY)
    assert "de" in entry["objected_by"] and {"fr", "unsc"} <= set(entry["listed_by"])
    assert entry["caption"] == "MUHAMMAD ABDALLAH SALIH AL-JARBANI"


def test_consolidated_and_diff(api: ApiClient, tokens: dict[str, str]) -> None:
    un = api.get("/consolidated", params={"policy": "un", "as_of": "2026-06-01", "limit": 5},
                 token=tokens["analyst"]).json()
    assert un["total"] > 5 and len(un["results"]) == 5
    assert all(e["listed_by"] == ["unsc"] for e in un["results"])
    empty = api.get("/consolidated", params={"policy": "quorum:2", "as_of": "2026-06-01"},
                    token=tokens["analyst"]).json()
    assert empty["total"] == 0
    diff = api.get("/consolidated/diff", params={"policy": "un", "old": "1990-01-01",
                                                 "new": "2026-06-01"},
                   token=tokens["analyst"]).json()
    assert len(diff["added"]) == un["total"] and diff["removed"] == []
    assert_error(api.get("/consolidated", params={"policy": "most"}, token=tokens["analyst"]),
                 400, "bad_request")


def test_log_head_and_proofs(api: ApiClient, tokens: dict[str, str]) -> None:
    head = api.get("/log/head", token=tokens["analyst"]).json()
    assert head["signature_valid"] is True and head["tree_size"] > 1
    sid = api.get("/statements", params={"limit": 1}, token=tokens["analyst"]).json()[
        "results"][0]["id"]
    proof = api.get(f"/log/inclusion/{sid}", token=tokens["analyst"]).json()
    assert proof["verified"] is True and proof["head"]["root_hash"] == head["root_hash"]
    added = api.post("/members/fr/statements", token=tokens["analyst"], json={
        "entity": ENTITY, "position": "under-review", "legal_basis": "review"})
    assert added.json()["tree_size"] == head["tree_size"] + 1
    consistency = api.get("/log/consistency", params={"old": head["tree_size"]},
                          token=tokens["analyst"]).json()
    assert consistency["verified"] is True
    assert consistency["old"]["root_hash"] == head["root_hash"]
    assert consistency["new"]["tree_size"] == head["tree_size"] + 1
    assert_error(api.get("/log/consistency", params={"old": head["tree_size"] + 7},
                         token=tokens["analyst"]), 404, "not_found")
    assert_error(api.get("/log/inclusion/" + "0" * 64, token=tokens["analyst"]), 404,
                 "not_found")
    # a size past a 64-bit integer is a bad request, not a database failure (seen fuzzing)
    for path, params in (("/log/consistency", {"old": 10**24}), ("/log/head", {"size": 2**63})):
        r = api.get(path, params=params, token=tokens["analyst"])
        assert r.status_code == 422, (path, r.text)


def test_screener_may_not_touch_the_joint_list(api: ApiClient, tokens: dict[str, str]) -> None:
    for path in ("/statements", "/consolidated", "/log/head", "/proposals"):
        assert_error(api.get(path, token=tokens["screener"]), 403, "forbidden")
    assert_error(api.post("/members/fr/statements", token=tokens["screener"], json={
        "entity": ENTITY, "position": "listed", "legal_basis": "x"}), 403, "forbidden")


def test_entity_submitted_with_a_statement_is_served_and_screened(
        api: ApiClient, tokens: dict[str, str]) -> None:
    new = {"id": "fr-dgse-0001", "schema": "Person",
           "properties": {"name": ["Aurelien Exemple-Fictif"], "birthDate": ["1980-02-03"]}}
    created = api.post("/members/fr/statements", token=tokens["analyst"], json={
        "entity": new["id"], "position": "listed", "legal_basis": "Code monétaire L562-2",
        "effective": "2026-02-01", "new_entity": new})
    assert created.status_code == 201, created.text
    entity = api.get("/entities/fr-dgse-0001", token=tokens["screener"]).json()
    assert entity["properties"]["name"] == ["Aurelien Exemple-Fictif"]
    assert entity["schema"] == "Person" and entity["related"] == []
    found = api.post("/match/view:members:fr", token=tokens["screener"], json={
        "queries": {"q": {"schema": "Person", "properties": {"name": ["Aurelien Exemple"]}}}})
    (hit,) = found.json()["responses"]["q"]["results"]
    assert hit["id"] == "fr-dgse-0001" and hit["listed_by"] == ["fr"]
    assert hit["properties"]["birthDate"] == ["1980-02-03"]
