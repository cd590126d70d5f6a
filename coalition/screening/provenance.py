"""Which lists carry the value an explanation rests on, for records merged from several lists.

A feature's detail names the listed name (as its analysed words) or the listed birth date
it matched; for a merged record (merge.py) this adds the lists that carry that value:
`'ayman al zawahiri' ~ 'ayman al zawahiri': similarity 1.00, … [un-sc, gb-ofsi]`. A detail
that names no value of the record is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coalition.names.forms import Token
from coalition.screening.features import Evidence
from coalition.screening.records import Record

NAME_FEATURES = ("name_match", "weak_alias_match")
DATE_FEATURES = ("dob_match",)


def _tag(detail: str, lists: list[str]) -> str:
    return f"{detail} [{', '.join(sorted(lists))}]" if lists else detail


def _collect(into: list[str], lists: Sequence[str]) -> None:
    into.extend(ds for ds in lists if ds not in into)


def name_lists(record: Record, tokens: Sequence[Token], detail: str, weak: bool) -> list[str]:
    """The lists carrying a name of the record whose analysed words the detail quotes."""
    found: list[str] = []
    names = record.weak if weak else record.names
    offset = len(record.raw_names) if weak else 0
    for k, name in enumerate(names):
        listed = " ".join(tokens[e].text for e in name)
        if f"~ {listed!r}" in detail:
            _collect(found, record.lists_of_name(offset + k))
    return found


def date_lists(record: Record, detail: str) -> list[str]:
    """The lists carrying a birth date of the record that the detail quotes as listed."""
    found: list[str] = []
    for k, day in enumerate(record.birth_dates):
        if re.search(rf"listed {re.escape(day)}(?![\d-])", detail):
            _collect(found, record.lists_of_date(k))
    return found


def with_lists(record: Record, tokens: Sequence[Token],
               evidence: dict[str, Evidence]) -> dict[str, Evidence]:
    """The evidence with each name and birth-date detail naming the lists behind it (only for
    a record merged from several lists: one list's record says so in `datasets`)."""
    if len(record.datasets) < 2 or not (record.name_lists or record.date_lists):
        return evidence
    out = dict(evidence)
    for feature, ev in evidence.items():
        if feature in NAME_FEATURES:
            lists = name_lists(record, tokens, ev.detail, feature == "weak_alias_match")
        elif feature in DATE_FEATURES:
            lists = date_lists(record, ev.detail)
        else:
            continue
        out[feature] = Evidence(ev.score, _tag(ev.detail, lists))
    return out
