"""Facts that keep two records apart: birth dates and documents that cannot both be true.

Two records conflict when

- their birth dates contradict each other (`birth_dates_conflict`): every date of one is at
  least two years from every date of the other, or differs from it where both are full dates
  (lists often round a year, or disagree by one, for the same person: a year apart is no
  contradiction, but two different full dates are);
- both hold passports issued by one country, with no number in common
  (`passports_conflict`);
- both are vessels with IMO numbers, none in common (`imo_conflict`): a hull keeps its
  number for life.

The resolver never links two conflicting records, nor joins two clusters that would hold a
conflicting pair between them (a chain A-B-C with A and C apart); `Clusters` applies the same
rule to the resolver's links when given the facts. A member's judgement is not second-guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from coalition.store import tables as st

YEARS_APART = 2
FULL_DATE = 10  # YYYY-MM-DD
_DOC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
MIN_DOCUMENT = 5


@dataclass(frozen=True)
class Facts:
    """What one record says that another record of the same entity could not contradict."""

    birth_dates: tuple[str, ...] = ()
    passports: frozenset[tuple[str, str]] = frozenset()  # (issuing country, number)
    imo: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.birth_dates or self.passports or self.imo)


def _year(date: str) -> int | None:
    head = date[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def dates_contradict(a: str, b: str) -> bool:
    """Two birth dates that cannot name one person: years two or more apart, or two full
    dates that differ."""
    ya, yb = _year(a), _year(b)
    if ya is None or yb is None:
        return False
    if abs(ya - yb) >= YEARS_APART:
        return True
    return len(a) == FULL_DATE and len(b) == FULL_DATE and a != b


def birth_dates_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    """Every birth date of one record contradicts every birth date of the other (and both
    give one)."""
    left, right = list(a), list(b)
    return bool(left and right) and all(dates_contradict(x, y) for x in left for y in right)


def passport_number(value: str) -> str | None:
    """A passport number as upper-case letters and digits; None when too short to tell two
    apart."""
    text = "".join(ch for ch in value.upper() if ch in _DOC)
    return text if len(text) >= MIN_DOCUMENT and any(ch.isdigit() for ch in text) else None


def passports_conflict(a: frozenset[tuple[str, str]],
                       b: frozenset[tuple[str, str]]) -> str | None:
    """The country that issued passports to both records, none with the same number."""
    for country in sorted({c for c, _ in a} & {c for c, _ in b}):
        if not {n for c, n in a if c == country} & {n for c, n in b if c == country}:
            return country
    return None


def imo_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both vessels carry IMO numbers and share none."""
    return bool(a and b) and not a & b


def conflict(a: Facts, b: Facts) -> str | None:
    """Why two records cannot be one entity, in words; None when nothing contradicts."""
    if birth_dates_conflict(a.birth_dates, b.birth_dates):
        return (f"birth dates {', '.join(a.birth_dates)} and {', '.join(b.birth_dates)} "
                "contradict each other")
    country = passports_conflict(a.passports, b.passports)
    if country:
        return f"different passports issued by {country}"
    if imo_conflict(a.imo, b.imo):
        return f"different IMO numbers {', '.join(sorted(a.imo))} and {', '.join(sorted(b.imo))}"
    return None


def imo_digits(value: str) -> str | None:
    digits = "".join(ch for ch in value.upper() if ch in _DOC).removeprefix("IMO")
    return digits if len(digits) == 7 and digits.isdigit() else None


def load_facts(engine: Engine, ids: Iterable[str] | None = None) -> dict[str, Facts]:
    """The facts of records (all when `ids` is None), each from the latest edition that
    carried the record: a record removed from its list keeps the facts it had."""
    c = st.statements.c
    wanted = None if ids is None else set(ids)
    with engine.connect() as conn:
        q = sa.select(c.entity_id, c.schema, c.prop, c.value, c.last_edition).where(
            sa.or_(c.prop.in_(("birthDate", "imoNumber")),
                   sa.and_(c.schema == "Passport",
                           c.prop.in_(("holder", "number", "country")))))
        rows = [(r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(q)]
    latest: dict[str, int] = {}
    for eid, _, prop, _, edition in rows:
        if prop != "holder":
            latest[eid] = max(latest.get(eid, 0), edition)
    dates: dict[str, set[str]] = {}
    imos: dict[str, set[str]] = {}
    doc: dict[str, dict[str, list[str]]] = {}
    holders: dict[str, set[str]] = {}
    for eid, schema, prop, value, edition in rows:
        if prop == "holder":
            holders.setdefault(eid, set()).add(value)
            continue
        if edition != latest[eid]:
            continue
        if schema == "Passport":
            doc.setdefault(eid, {}).setdefault(prop, []).append(value)
        elif prop == "birthDate":
            dates.setdefault(eid, set()).add(value)
        elif (imo := imo_digits(value)) is not None:
            imos.setdefault(eid, set()).add(imo)
    passports: dict[str, set[tuple[str, str]]] = {}
    for pid, values in doc.items():
        countries = values.get("country", [])
        numbers = [n for v in values.get("number", []) if (n := passport_number(v))]
        if len(countries) != 1:
            continue  # no issuing country, or several: nothing to compare by
        for holder in holders.get(pid, ()):
            passports.setdefault(holder, set()).update((countries[0], n) for n in numbers)
    out: dict[str, Facts] = {}
    for eid in set(dates) | set(imos) | set(passports):
        if wanted is not None and eid not in wanted:
            continue
        out[eid] = Facts(tuple(sorted(dates.get(eid, ()))),
                         frozenset(passports.get(eid, ())), frozenset(imos.get(eid, ())))
    return out
