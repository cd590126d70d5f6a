"""Resolution on the real lists (../shared/datasets/lists), linked as they are imported: the
UN's 2025 edition, the UK, Australian and Canadian lists, then the UN's 2026 edition (a new
edition: only its added and changed records are re-linked). Namesakes stay apart, UN
references are found, no cluster holds records known to be different, and a member's
judgement outlives a re-link. Slow (about two minutes): four list files imported."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from coalition.ledger import Ledger
from coalition.ledger.clusters import Clusters
from coalition.ledger.resolve import resolve, resolve_cache
from coalition.ledger.resolve_facts import conflict, load_facts
from coalition.sources.pipeline import ImportOutcome, import_path
from coalition.store import Store

pytestmark = [pytest.mark.datasets, pytest.mark.slow]

FILES = ["un/UN_2025-04-19.xml", "gb-ofsi/ConList_2025-04-10.xlsx",
         "au-dfat/regulation8_consolidated.xlsx", "ca-sema/sema-lmes.xml"]
UN_2026 = "un/UN_consolidated_2026-02-27.xml"
PESKOV = "gb-ofsi-14704"  # Dmitry Sergeyevich Peskov, born 1967-10-17
OTHER_PESKOV = "gb-ofsi-15805"  # Dmitri Peskov, born 1975-12-26


class Home:
    def __init__(self, root: Path, lists: Path) -> None:
        self.store = Store(f"sqlite:///{root / 'coalition.db'}")
        self.keys = root / "keys"
        self.lists = lists
        self.before: Clusters | None = None

    def load(self, rel: str) -> ImportOutcome:
        return import_path(self.store, self.lists / rel, ledger_keys=self.keys)

    @property
    def ledger(self) -> Ledger:
        return Ledger(self.store, self.keys)


@pytest.fixture(scope="module")
def home(datasets: Path, tmp_path_factory: pytest.TempPathFactory) -> Home:
    lists = datasets / "lists"
    missing = [f for f in [*FILES, UN_2026] if not (lists / f).exists()]
    if missing:
        pytest.skip(f"{lists} lacks {', '.join(missing)}")
    h = Home(tmp_path_factory.mktemp("resolve-real"), lists)
    for rel in FILES:
        h.load(rel)
    h.before = h.ledger.clusters()
    return h


def test_each_import_linked_its_records(home: Home) -> None:
    c = home.ledger.clusters()
    assert c.of(PESKOV) == c.of("au-dfat-6733") == c.of("ca-sema-Russia-S1P1-540")
    assert len(c.sizes()) > 500


def test_namesakes_stay_apart(home: Home) -> None:
    c = home.ledger.clusters()
    assert c.of(OTHER_PESKOV) != c.of(PESKOV)


def test_no_cluster_holds_records_known_to_be_different(home: Home) -> None:
    c = home.ledger.clusters()
    facts = load_facts(home.store.engine)
    members: dict[str, list[str]] = {}
    for eid in c.parent:
        members.setdefault(c.of(eid), []).append(eid)
    pairs = [p for ids in members.values() for p in itertools.combinations(sorted(ids), 2)]
    wrong = [(a, b) for a, b in pairs if a in facts and b in facts
             and conflict(facts[a], facts[b])]
    assert len(pairs) > 1_000
    assert 1 - len(wrong) / len(pairs) >= 0.995, wrong[:5]
    assert wrong == []  # the resolver holds such links back, chains included


def test_uk_records_meet_their_un_records(home: Home) -> None:
    links = home.ledger.resolution.current().values()
    by_ref = [j for j in links if j.method == "un-reference"]
    assert len(by_ref) > 600  # the UK's "UN Ref" column against the UN's own list


def test_a_new_un_edition_relinks_its_changes_and_splits_nothing(home: Home) -> None:
    res = home.ledger.resolution
    c = home.ledger.clusters()
    # a member denies one of the resolver's links of a UN record
    denied = next(j for j in res.current().values() if j.verdict == "same"
                  and (j.left.startswith("un-sc-QDi") or j.right.startswith("un-sc-QDi")))
    split = set(c.referents(denied.left))  # the member's denial may split this one
    res.judge(denied.left, denied.right, "different", author="gb", basis="namesakes")
    outcome = home.load(UN_2026)
    assert outcome.linked is not None and outcome.linked.incremental
    changed = outcome.result.edition.added + outcome.result.edition.changed
    assert outcome.linked.records == changed < 300  # not the whole list
    after = home.ledger.clusters()
    assert home.before is not None
    for eid in set(home.before.parent) - split:  # every pair together before still is
        assert {after.of(other) for other in home.before.referents(eid)} == {after.of(eid)}
    assert after.of(denied.left) != after.of(denied.right)
    # the 2026 edition brings the Iran list back: Qasem Soleimani (1957) meets Canada's
    # record of him, and Ghasem Soleymani, a namesake on the same list, stays apart
    assert after.of("ca-sema-Iran-S1P2-89") == after.of("un-sc-IRi.039")
    assert after.of("un-sc-IRi.039") != after.of("un-sc-IRi.040")
    # a full re-link leaves the denial standing
    again = resolve(home.store, cache=resolve_cache(home.keys))
    assert res.current()[denied.pair].verdict == "different"
    assert again.recorded < 50
