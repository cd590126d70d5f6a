"""Seeding: an imported official list becomes its publisher's signed `listed` statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.ledger import Ledger, seed_from_store
from coalition.model import Entity
from coalition.store import DatasetInfo, Store

UN = DatasetInfo("un-sc", "UN Security Council Consolidated List", "UN Security Council")
SHA_A, SHA_B = "a" * 64, "b" * 64


def record(ref: str, name: str, listed: str | None, program: str = "ISIL (Da'esh)") -> list[Entity]:
    person = Entity("Person", f"un-sc-{ref}", dataset="un-sc", reference=f"un-sc:{ref}")
    person.add("name", name)
    sanction = Entity("Sanction", f"un-sc-{ref}-sanction", dataset="un-sc",
                      reference=f"un-sc:{ref}")
    sanction.add("entity", person.id)
    sanction.add("program", program)
    sanction.add("listingDate", listed)
    sanction.add("reason", f"Reasons for listing {ref}")
    return [person, sanction]


def write(store: Store, date: str, sha: str, *records: list[Entity]) -> None:
    store.write_edition(UN, list_date=date, content_hash=sha, format="un-xml", source=None,
                        entities=[e for r in records for e in r])


def test_seed_lists_with_dates_delists_and_is_idempotent(store: Store, tmp_path: Path) -> None:
    write(store, "2024-01-05", SHA_A, record("QDi.901", "Abu Test One", "2014-09-23"),
          record("QDi.902", "Test Two", None))
    first = seed_from_store(store, "un-sc", tmp_path / "keys")
    assert (first.member, first.listed, first.delisted) == ("unsc", 2, 0)
    assert (tmp_path / "keys" / "unsc.pem").exists()
    again = seed_from_store(store, "un-sc", tmp_path / "keys")
    assert (again.listed, again.delisted, again.unchanged) == (0, 0, 2)
    ledger = Ledger(store, tmp_path / "keys")
    rows = {r.entity_id: r for r in ledger.rows()}
    one = rows["un-sc-QDi.901"]
    assert (one.member, one.position, one.effective, one.legal_basis, one.source) == (
        "unsc", "listed", "2014-09-23", "ISIL (Da'esh)", "un-sc:QDi.901")
    assert rows["un-sc-QDi.902"].effective == "2024-01-05"  # no listing date: first edition
    assert SHA_A in ledger.signed(one.id).payload.decode()  # the list file as evidence
    write(store, "2025-02-01", SHA_B, record("QDi.901", "Abu Test One", "2014-09-23"),
          record("QDi.903", "Test Three", "2025-01-15"))
    third = seed_from_store(store, "un-sc", tmp_path / "keys")
    assert (third.listed, third.delisted, third.unchanged) == (1, 1, 1)
    on = {d: {e.entity_id for e in ledger.consolidated("un", d)}
          for d in ("2020-01-01", "2024-06-01", "2025-06-01")}
    assert on == {"2020-01-01": {"un-sc-QDi.901"},
                  "2024-06-01": {"un-sc-QDi.901", "un-sc-QDi.902"},
                  "2025-06-01": {"un-sc-QDi.901", "un-sc-QDi.903"}}
    assert seed_from_store(store, "un-sc", tmp_path / "keys").listed == 0
    assert ledger.log.verify().ok


def test_lists_without_a_publisher_are_left_alone(store: Store, tmp_path: Path) -> None:
    store.write_edition(DatasetInfo("ftm-x", "X"), list_date="2024-01-01", content_hash="x",
                        format="ftm", source=None, entities=[])
    assert seed_from_store(store, "ftm-x", tmp_path).member is None


@pytest.mark.datasets
def test_real_un_lists_seed_the_ledger_through_import(sqlite_store: Store, datasets: Path,
                                                      tmp_path: Path) -> None:
    from coalition.sources.pipeline import import_path

    keys = tmp_path / "keys"
    old = import_path(sqlite_store, datasets / "lists/un/UN_2025-04-19.xml", ledger_keys=keys)
    new = import_path(sqlite_store, datasets / "lists/un/UN_consolidated_2026-02-27.xml",
                      ledger_keys=keys)
    assert old.seeded and new.seeded
    assert old.seeded.listed == old.result.edition.entity_count
    assert new.seeded.listed + new.seeded.unchanged == new.result.edition.entity_count
    assert new.seeded.delisted == len(new.result.diff.removed)  # type: ignore[union-attr]
    again = import_path(sqlite_store, datasets / "lists/un/UN_consolidated_2026-02-27.xml",
                        ledger_keys=keys)
    assert again.result.unchanged and again.seeded is None
    ledger = Ledger(sqlite_store, keys)
    now = ledger.consolidated("un", "2026-03-01")
    assert len(now) == new.result.edition.entity_count
    early = ledger.consolidated("un", "2002-01-01")
    assert 0 < len(early) < len(now)  # the listing dates the list carries
    assert ledger.log.verify().ok
