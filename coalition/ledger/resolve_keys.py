"""Links found by shared keys: UN references, strong identifiers, organisations' exact names.

- `un-reference`: the UN Security Council's permanent reference (QDi.001) that other lists
  carry beside their own (the UK's "UN Ref"; the UN's own records carry it as `unscId`).
- `identifier`: the same passport or national identity number (letters and digits only) on
  two records whose names share a word and whose birth dates do not contradict each other;
  the same IMO number on two vessels (a hull keeps it for life, whatever it is renamed).
- `org-name`: two organisations whose main name (not an alias: lists fold fronts and former
  names into aliases) is the same after romanisation.
- `person-name`: two persons whose main name is the same after analysis, in any word order
  (KRIVETS, Aleksandr / Aleksandr KRIVETS), where a list gives no birth date to compare
  (`name-dob` links those with one) and the name is rare: its words together weigh at least
  `RARE_NAME` by how frequent they are in the population (names/frequency.py), so Ivan
  Petrov on two lists stays two. Conflicting dates or documents still hold a link back.

A key held by two records of one list is ambiguous there and links neither of them; records
of different schemata (a person and an organisation) are never linked. With `only`, a method
keeps the keys held by one of those records (a new edition's added or changed ones) and reads
no other record than those sharing such a key.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import sqlalchemy as sa

from coalition.ledger.links import RESOLVER, Judgement, judgement
from coalition.model import Entity
from coalition.names.forms import Kind, analyse
from coalition.names.frequency import population_cap
from coalition.names.translit import romanise
from coalition.store import Store
from coalition.store import tables as st

_UN_REF = re.compile(r"^([A-Z]{2})([IE])\.?(\d{3})\.?$")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
MIN_DOCUMENT = 6  # shorter document numbers collide by chance
PERSONS = ("Person",)
ORGANISATIONS = ("Organization", "Company", "LegalEntity")
CONFIDENCE = {"un-reference": 0.99, "passport": 0.97, "id": 0.95, "imo": 0.98,
              "org-name": 0.85, "person-name": 0.8}
RARE_NAME = 1.1  # one rare word beside a frequent one; two frequent words weigh 0.26-0.5


@dataclass
class Record:
    """What resolution needs of one record of a list's latest edition."""

    id: str
    dataset: str
    schema: str
    names: list[str]
    birth_dates: list[str]
    words: set[str] = field(default_factory=set)
    main_names: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, e: Entity) -> Record:
        names = e.names or [e.caption]
        words = {w.text for n in names for w in romanise(n) if len(w.text) >= 3}
        return cls(e.id, e.datasets[0] if e.datasets else "", e.schema.name, names,
                   sorted(e.get("birthDate")), words, e.get("name") or names[:1])


class Records(Protocol):
    """Resolution records by id, read in batches (resolve_load.RecordBook)."""

    def prefetch(self, ids: Iterable[str]) -> None: ...

    def get(self, eid: str) -> Record | None: ...


def un_reference(value: str) -> str | None:
    """`QDi.001` from `qdi001`, `QDi.001.`, ` QDI.001 `; None for anything else."""
    m = _UN_REF.match(re.sub(r"\s+", "", value.upper()))
    return f"{m[1]}{m[2].lower()}.{m[3]}" if m else None


def document_number(value: str) -> str | None:
    """A document number as upper-case letters and digits; None when too short to be
    distinctive or without a digit."""
    text = _NOT_ALNUM.sub("", value.upper())
    if len(text) < MIN_DOCUMENT or not any(ch.isdigit() for ch in text):
        return None
    return text


def imo_number(value: str) -> str | None:
    digits = _NOT_ALNUM.sub("", value.upper()).removeprefix("IMO")
    return digits if len(digits) == 7 and digits.isdigit() else None


def compatible_schemata(a: str, b: str) -> bool:
    if a == b:
        return True
    return a in ORGANISATIONS and b in ORGANISATIONS


def dates_agree(a: list[str], b: list[str]) -> bool:
    """No contradiction between two records' birth dates (either has none, or one is a
    prefix of the other: 1957 and 1957-03-02 agree)."""
    if not a or not b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def _latest_ids(store: Store) -> list[int]:
    return [ed.id for ed in store.latest_editions().values()]


def _grouped(keyed: Iterable[tuple[str, str]], records: Records,
             only: Collection[str] | None = None) -> dict[str, list[Record]]:
    """key -> records holding it, without records of a list that holds the key twice (with
    `only`, just the keys one of those records holds)."""
    holders: dict[str, set[str]] = {}
    for key, eid in keyed:
        holders.setdefault(key, set()).add(eid)
    holders = {k: ids for k, ids in holders.items()
               if len(ids) > 1 and (only is None or not ids.isdisjoint(only))}
    records.prefetch({eid for ids in holders.values() for eid in ids})
    by_key: dict[str, dict[str, set[str]]] = {}
    for key, ids in holders.items():
        for eid in ids:
            rec = records.get(eid)
            if rec is not None:
                by_key.setdefault(key, {}).setdefault(rec.dataset, set()).add(eid)
    out = {}
    for key, per_list in by_key.items():
        single = [rec for ids in per_list.values() if len(ids) == 1
                  if (rec := records.get(next(iter(ids)))) is not None]
        if len(single) > 1:
            out[key] = sorted(single, key=lambda r: r.id)
    return out


def _star(key_records: dict[str, list[Record]], method: str, confidence: float,
          describe: str, check: object = None) -> list[Judgement]:
    """Links from the first record holding each key to every other compatible one."""
    out = []
    for key, recs in sorted(key_records.items()):
        head = recs[0]
        for other in recs[1:]:
            if not compatible_schemata(head.schema, other.schema):
                continue
            if check is not None and not check(head, other):  # type: ignore[operator]
                continue
            out.append(judgement(head.id, other.id, "same", method,
                                 f"{describe} {key} in {head.dataset} and {other.dataset}",
                                 confidence, RESOLVER))
    return out


def by_un_reference(store: Store, records: Records,
                    only: Collection[str] | None = None) -> list[Judgement]:
    c = st.statements.c
    targets: dict[str, list[str]] = {}
    refs: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for sid, prop, value in conn.execute(
                sa.select(c.entity_id, c.prop, c.value).where(
                    c.schema == "Sanction", c.prop.in_(("entity", "unscId")),
                    c.last_edition.in_(_latest_ids(store)))):
            (targets if prop == "entity" else refs).setdefault(sid, []).append(value)
    keyed = [(ref, eid) for sid, values in refs.items() for v in values
             if (ref := un_reference(v)) for eid in targets.get(sid, [])]
    return _star(_grouped(set(keyed), records, only), "un-reference",
                 CONFIDENCE["un-reference"],
                 "UN reference")


def _names_agree(a: Record, b: Record) -> bool:
    return bool(a.words & b.words) and dates_agree(a.birth_dates, b.birth_dates)


def by_identifier(store: Store, records: Records,
                  only: Collection[str] | None = None) -> list[Judgement]:
    c = st.statements.c
    holders: dict[str, list[str]] = {}
    docs: dict[str, list[tuple[str, str]]] = {}  # entity -> (kind, number)
    with store.engine.connect() as conn:
        for eid, schema, prop, value in conn.execute(
                sa.select(c.entity_id, c.schema, c.prop, c.value).where(
                    c.prop.in_(("holder", "number", "passportNumber", "idNumber",
                                "imoNumber")),
                    c.last_edition.in_(_latest_ids(store)))):
            if prop == "holder":
                holders.setdefault(eid, []).append(value)
                continue
            kind = ("imo" if prop == "imoNumber" else "passport"
                    if prop == "passportNumber" or schema == "Passport" else "id")
            docs.setdefault(eid, []).append((kind, value))
    keyed: dict[str, set[tuple[str, str]]] = {"passport": set(), "id": set(), "imo": set()}
    for eid, items in docs.items():
        for kind, value in items:
            number = imo_number(value) if kind == "imo" else document_number(value)
            if number:
                for target in holders.get(eid, [eid]):
                    keyed[kind].add((number, target))
    out = _star(_grouped(keyed["imo"], records, only), "identifier", CONFIDENCE["imo"], "IMO")
    for kind, words in (("passport", "passport number"), ("id", "identity number")):
        out += _star(_grouped(keyed[kind], records, only), "identifier", CONFIDENCE[kind],
                     words, _names_agree)
    return out


def person_name_key(name: str) -> str | None:
    """A person's name as its analysed words in order, or None when it is not rare enough."""
    words = sorted(t.text for t in analyse(name, organisation=False).tokens
                   if t.kind == Kind.NAME)
    if len(words) < 2 or sum(population_cap(w) for w in words) < RARE_NAME:
        return None
    return " ".join(words)


def _main_names(store: Store, schemata: tuple[str, ...]) -> list[tuple[str, str]]:
    """(record, main name) of the records of these schemata in the lists' latest editions."""
    c = st.statements.c
    with store.engine.connect() as conn:
        return [(eid, name) for eid, name in conn.execute(sa.select(c.entity_id, c.value).where(
            c.prop == "name", c.schema.in_(schemata),
            c.last_edition.in_(_latest_ids(store))))]


def by_person_name(store: Store, records: Records,
                   only: Collection[str] | None = None) -> list[Judgement]:
    keyed = {(key, eid) for eid, name in _main_names(store, PERSONS)
             if (key := person_name_key(name))}
    return _star(_grouped(keyed, records, only), "person-name", CONFIDENCE["person-name"],
                 "the same rare name", _undated)


def _undated(a: Record, b: Record) -> bool:
    return not a.birth_dates or not b.birth_dates


def org_name_key(name: str) -> str | None:
    words = [w.text for w in romanise(name)]
    key = " ".join(words)
    return key if len(key.replace(" ", "")) >= 4 else None


def by_org_name(store: Store, records: Records,
                only: Collection[str] | None = None) -> list[Judgement]:
    keyed = {(key, eid) for eid, name in _main_names(store, ORGANISATIONS)
             if (key := org_name_key(name))}
    return _star(_grouped(keyed, records, only), "org-name", CONFIDENCE["org-name"],
                 "the same organisation name")
