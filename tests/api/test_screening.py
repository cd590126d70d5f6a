"""Screening over HTTP in yente's shapes: /match on every list, one list and a view of the
joint list; /search; /entities; bad queries named by key and property."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import ApiClient
from tests.api.test_errors import assert_error

GARBANI = {"schema": "Person", "properties": {"name": ["Mohamed Abdalla Saleh al-Garbani"],
                                              "birthDate": ["1971-03-14"],
                                              "nationality": ["ly"]}}
RESULT_KEYS = {"id", "caption", "schema", "properties", "datasets", "referents", "target",
               "first_seen", "last_seen", "last_change", "score", "match", "features",
               "explanations"}


def match(api: ApiClient, token: str, dataset: str = "default", **params: Any) -> Any:
    response = api.post(f"/match/{dataset}", json={"queries": {"q1": GARBANI}},
                        params=params, token=token)
    assert response.status_code == 200, response.text
    return response.json()


def test_match_has_yentes_shape(api: ApiClient, tokens: dict[str, str]) -> None:
    body = match(api, tokens["screener"], limit=3)
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 3
    assert "name_match" in body["matcher"] and "description" in body["matcher"]["name_match"]
    q1 = body["responses"]["q1"]
    assert set(q1) == {"status", "results", "total", "query"}
    assert q1["status"] == 200
    assert q1["query"] == {"id": None, **GARBANI}
    assert q1["total"] == {"value": len(q1["results"]), "relation": "eq"}
    first, *_ = q1["results"]
    assert set(first) == RESULT_KEYS
    # the UN and OFAC samples both list him (transliterated differently): the import linked
    # the two records, so he is one result with both as referents
    ids = {r["id"] for r in q1["results"] if r["match"]}
    assert ids == {"un-sc-XQi.001"}
    un = next(r for r in q1["results"] if r["id"] == "un-sc-XQi.001")
    assert un["properties"]["birthDate"] == ["1971-03-14"]
    assert un["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    assert un["datasets"] == ["un-sc", "us-ofac-sdn"]
    assert un["features"]["dob_match"] == 1.0
    assert "1971-03-14" in un["explanations"]["dob_match"]["detail"]
    assert un["score"] == max(r["score"] for r in q1["results"]) or un["match"]


def test_match_one_list(api: ApiClient, tokens: dict[str, str]) -> None:
    results = match(api, tokens["screener"], "us-ofac-sdn")["responses"]["q1"]["results"]
    assert results and {r["datasets"][0] for r in results} == {"us-ofac-sdn"}


def test_match_a_view_of_the_joint_list(api: ApiClient, tokens: dict[str, str]) -> None:
    """`view:un`: only what the UN Security Council lists, each hit saying who lists it."""
    results = match(api, tokens["screener"], "view:un")["responses"]["q1"]["results"]
    # each hit an entity the UN lists, with the records other lists keep of it
    assert results and all("un-sc" in r["datasets"] for r in results)
    top = results[0]
    assert top["id"] == "un-sc-XQi.001"
    assert "unsc" in top["listed_by"] and top["objected_by"] == []
    # before the sample's listings, the view is empty
    early = match(api, tokens["screener"], "view:un", as_of="1990-01-01")
    assert early["responses"]["q1"]["results"] == []


def test_threshold_and_cutoff(api: ApiClient, tokens: dict[str, str]) -> None:
    strict = match(api, tokens["screener"], threshold=0.999)["responses"]["q1"]["results"]
    assert strict and not any(r["match"] for r in strict)
    cut = match(api, tokens["screener"], cutoff=0.9)["responses"]["q1"]["results"]
    assert cut and all(r["score"] >= 0.9 for r in cut)


def test_yente_result_filters(api: ApiClient, tokens: dict[str, str]) -> None:
    only_un = match(api, tokens["screener"], include_dataset=["un-sc"])
    assert {r["datasets"][0] for r in only_un["responses"]["q1"]["results"]} == {"un-sc"}
    no_ofac = match(api, tokens["screener"], exclude_dataset=["us-ofac-sdn"])
    assert "us-ofac-sdn-990001" not in {r["id"] for r in no_ofac["responses"]["q1"]["results"]}
    decided = match(api, tokens["screener"], exclude_entity_ids=["un-sc:XQi.001"], limit=3)
    results = decided["responses"]["q1"]["results"]
    assert "un-sc-XQi.001" not in {r["id"] for r in results} and len(results) == 3
    people = match(api, tokens["screener"], exclude_schema=["Person"])
    assert all(r["schema"] != "Person" for r in people["responses"]["q1"]["results"])


def test_several_queries_keep_their_keys(api: ApiClient, tokens: dict[str, str]) -> None:
    queries = {"a": GARBANI, "b": {"schema": "Person",
                                   "properties": {"firstName": "Tariq",
                                                  "lastName": "Ghumman"}}}
    response = api.post("/match/default", json={"queries": queries}, token=tokens["screener"])
    assert response.headers["x-batch-size"] == "2"
    body = response.json()["responses"]
    assert set(body) == {"a", "b"}
    assert body["b"]["results"][0]["caption"].lower().find("ghum") >= 0


@pytest.mark.parametrize("query,where,words", [
    ({"schema": "Person", "properties": {"birthDate": ["1971"]}}, "queries.k.properties",
     "needs a name"),
    ({"schema": "Person", "properties": {"name": ["X"], "flavour": ["sour"]}},
     "queries.k.properties", "no property 'flavour'"),
    ({"schema": "Spaceship", "properties": {"name": ["X"]}}, "queries.k.schema",
     "unknown schema"),
    ({"schema": "Person", "properties": {"name": ["Ali"], "birthDate": ["1066"]}},
     "queries.k", "1900"),
    ({"schema": "Person", "properties": {"name": ["Ali\u0000Baba"]}}, "queries.k",
     "control character"),
    ({"schema": "Address", "properties": {"name": ["1 Main St"]}}, "queries.k", "not screened"),
])
def test_bad_queries_name_key_and_property(api: ApiClient, tokens: dict[str, str],
                                           query: dict[str, Any], where: str,
                                           words: str) -> None:
    response = api.post("/match/default", json={"queries": {"k": query}},
                        token=tokens["screener"])
    error = assert_error(response, 400, "bad_request")
    assert error["where"] == where and words in str(error["message"])


def test_yente_algorithm_names_are_accepted(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.post("/match/default", json={"queries": {"q1": GARBANI}},
                        params={"algorithm": "logic-v2"}, token=tokens["screener"])
    assert response.status_code == 200
    assert response.headers["x-algorithm"] == "coalition-v1"


def test_unknown_dataset_and_algorithm(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.post("/match/no-such-list", json={"queries": {"q1": GARBANI}},
                        token=tokens["screener"])
    error = assert_error(response, 404, "not_found")
    assert "un-sc" in str(error["message"])  # lists what exists
    response = api.post("/match/default", json={"queries": {"q1": GARBANI}},
                        params={"algorithm": "logic-v9"}, token=tokens["screener"])
    assert assert_error(response, 400, "bad_request")["where"] == "algorithm"
    response = api.post("/match/view:quorum:zero", json={"queries": {"q1": GARBANI}},
                        token=tokens["screener"])
    assert response.status_code == 400


def test_search(api: ApiClient, tokens: dict[str, str]) -> None:
    response = api.get("/search/default", params={"q": "al-Jarbani", "limit": 3},
                       token=tokens["screener"])
    body = response.json()
    assert body["limit"] == 3 and body["total"]["value"] == len(body["results"])
    assert body["results"][0]["id"] in {"un-sc-XQi.001", "us-ofac-sdn-990001"}
    assert "features" not in body["results"][0]
    assert_error(api.get("/search/default", params={"q": "\u0007"}, token=tokens["screener"]),
                 400, "bad_request")


def test_entity_with_referents_and_related(api: ApiClient, tokens: dict[str, str]) -> None:
    by_id = api.get("/entities/un-sc-XQi.001", token=tokens["screener"]).json()
    by_ref = api.get("/entities/un-sc:XQi.001", token=tokens["screener"]).json()
    # (values of equal first-seen date come in no fixed order on PostgreSQL)
    props = {k: sorted(v) for k, v in by_id.pop("properties").items()}
    assert props == {k: sorted(v) for k, v in by_ref.pop("properties").items()}
    assert by_id["id"] == by_ref["id"] and by_id["related"] and by_ref["related"]
    assert by_id["caption"] == "MUHAMMAD ABDALLAH SALIH AL-JARBANI"
    assert by_id["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]  # linked on import
    assert "Sabha, Libya" in props["birthPlace"]
    assert {r["schema"] for r in by_id["related"]} >= {"Sanction", "Address"}
    error = assert_error(api.get("/entities/un-sc-NOPE", token=tokens["screener"]), 404,
                         "not_found")
    assert "un-sc-NOPE" in str(error["message"])


def test_algorithms(api: ApiClient, tokens: dict[str, str]) -> None:
    body = api.get("/algorithms", token=tokens["screener"]).json()
    (algorithm,) = body["algorithms"]
    assert body["default"] == algorithm["name"] == "coalition-v1"
    assert {"name_match", "dob_match", "country_mismatch"} <= set(algorithm["features"])
    assert algorithm["features"]["dob_match"]["coefficient"] == 2.0
