"""One result and one entity per real-world entity over HTTP: once France judges the UN and
OFAC records of al-Jarbani the same person, `/match/default` and `/search/default` answer him
once with both records, `/entities/` gives him whole by either id, each value with its lists;
`/match/us-ofac-sdn` still answers for OFAC's own record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coalition.api.screening import StoreScreening
from coalition.ledger import KeyStore, Ledger
from coalition.ledger.links import Resolution
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app
from tests.api.test_screening import GARBANI

UN, US = "un-sc-XQi.001", "us-ofac-sdn-990001"


@pytest.fixture
def linked(api_store: Store, home: Path, tokens: dict[str, str]) -> Iterator[ApiClient]:
    Resolution(api_store.engine).judge(UN, US, "same", author="fr",
                                       basis="same name, birth date and passport")
    client = ApiClient(make_app(api_store, home))
    yield client
    client.close()


def results(api: ApiClient, token: str, dataset: str = "default") -> list[dict[str, object]]:
    response = api.post(f"/match/{dataset}", json={"queries": {"q1": GARBANI}}, token=token,
                        params={"limit": 10})
    assert response.status_code == 200, response.text
    found: list[dict[str, object]] = response.json()["responses"]["q1"]["results"]
    return found


def test_match_answers_the_entity_once(linked: ApiClient, tokens: dict[str, str]) -> None:
    found = results(linked, tokens["screener"])
    ids = [r["id"] for r in found]
    assert ids.count(UN) == 1 and US not in ids and len(ids) == len(set(ids))
    him = found[ids.index(UN)]
    assert him["match"] and him["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    assert him["datasets"] == ["un-sc", "us-ofac-sdn"]
    props = him["properties"]
    assert isinstance(props, dict) and "MUHAMMAD ABDALLAH SALIH AL-JARBANI" in props["name"]
    assert "AL-JARBANI, Mohammed Abdullah Saleh" in props["name"]  # OFAC's spelling too


def test_one_list_answers_for_its_own_record(linked: ApiClient,
                                             tokens: dict[str, str]) -> None:
    found = results(linked, tokens["screener"], "us-ofac-sdn")
    him = next(r for r in found if r["id"] == US)
    assert him["referents"] == ["us-ofac-sdn:990001"] and him["datasets"] == ["us-ofac-sdn"]
    assert "MUHAMMAD ABDALLAH SALIH AL-JARBANI" not in him["properties"]["name"]  # type: ignore[index]


def test_search_answers_the_entity_once(linked: ApiClient, tokens: dict[str, str]) -> None:
    body = linked.get("/search/default", params={"q": "al-Jarbani", "limit": 5},
                      token=tokens["screener"]).json()
    ids = [r["id"] for r in body["results"]]
    assert ids[0] == UN and US not in ids
    assert body["results"][0]["datasets"] == ["un-sc", "us-ofac-sdn"]


@pytest.mark.parametrize("asked", [UN, US, "us-ofac-sdn:990001"])
def test_the_entity_whole_by_any_of_its_ids(linked: ApiClient, tokens: dict[str, str],
                                            asked: str) -> None:
    body = linked.get(f"/entities/{asked}", token=tokens["screener"]).json()
    assert body["id"] == UN and body["caption"] == "MUHAMMAD ABDALLAH SALIH AL-JARBANI"
    assert body["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    assert body["datasets"] == ["un-sc", "us-ofac-sdn"]
    dob = {row["value"]: sorted(row["datasets"]) for row in body["provenance"]["birthDate"]}
    assert dob == {"1971-03-14": ["un-sc", "us-ofac-sdn"]}
    assert body["properties"]["birthDate"] == ["1971-03-14"]  # each value once
    names = {row["value"]: row["datasets"] for row in body["provenance"]["name"]}
    assert names["AL-JARBANI, Mohammed Abdullah Saleh"] == ["us-ofac-sdn"]
    related = body["related"]
    assert {r["id"] for r in related}.isdisjoint({UN, US})
    assert {r["datasets"][0] for r in related if r["schema"] == "Sanction"} == {
        "un-sc", "us-ofac-sdn"}


def test_a_new_judgement_rebuilds_the_screener(api_store: Store, home: Path) -> None:
    now = [0.0]
    # the import linked the two records already: a member's denial parts them first
    Resolution(api_store.engine).judge(UN, US, "different", author="fr", basis="two men")
    provider = StoreScreening(api_store, Ledger(api_store, KeyStore(home / "keys")),
                              refresh=30.0, clock=lambda: now[0])
    old = provider.screener("default")
    assert {UN, US} <= {r.id for r in old.records}
    Resolution(api_store.engine).judge(UN, US, "same", author="fr", basis="same passport")
    now[0] = 31.0
    thread = provider._check_editions()
    assert thread is not None
    thread.join(timeout=60)
    fresh = provider.screener("default")
    assert len(fresh) == len(old) - 1
    assert US not in {r.id for r in fresh.records}
    assert provider.entities([UN])[UN]["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    assert provider.entities([UN], merged=False)[UN]["referents"] == ["un-sc:XQi.001"]
