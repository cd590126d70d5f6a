"""Each feature on its own, table-driven: the fact it checks holds, does not, or is unknown."""

from __future__ import annotations

import pytest
from screening_entities import person

from coalition.errors import UsageError
from coalition.model import Entity
from coalition.screening import Query, Screener
from coalition.screening import features as f
from coalition.screening.algorithms import Feature
from coalition.screening.prepared import PreparedQuery


def evidence(feature: Feature, query: Query, entity: Entity) -> f.Evidence:
    screener = Screener.from_entities([entity])
    pq = PreparedQuery.prepare(query, screener.index)
    screener.index.candidates(pq)
    return feature(pq, screener.records[0])


LISTED = person("p-1", "Ivan Petrovich Sidorov", birthDate="1971-07-28", nationality="ru",
                gender="male", passportNumber="AB 123456")


@pytest.mark.parametrize(("dob", "score"), [
    ("1971-07-28", 1.0), ("1971-07", 0.6), ("1971", 0.25), ("1971-28-07", None),
    ("1971-07-03", 0.15), ("1975-07-28", 0.0), (None, 0.0),
])
def test_dob_match(dob: str | None, score: float | None) -> None:
    if score is None:  # 28 is no month: the query is refused before any feature runs
        with pytest.raises(UsageError, match="date of birth"):
            Query.build("Ivan Sidorov", birth_date=dob)
        return
    ev = evidence(f.dob_match, Query.build("Ivan Sidorov", birth_date=dob), LISTED)
    assert ev.score == score
    assert (dob is not None and dob in ev.detail) == (score > 0)


def test_dob_day_and_month_swapped() -> None:
    entity = person("p-2", "Ivan Sidorov", birthDate="1971-03-08")
    ev = evidence(f.dob_match, Query.build("Ivan Sidorov", birth_date="1971-08-03"), entity)
    assert ev.score == 0.5 and "swapped" in ev.detail


@pytest.mark.parametrize(("dob", "score"), [
    ("1971-07-28", 0.0), ("1972", 0.0), ("1973", 0.5), ("1966", 0.8), ("1960", 1.0),
    (None, 0.0),
])
def test_dob_year_disjoint(dob: str | None, score: float) -> None:
    ev = evidence(f.dob_year_disjoint, Query.build("Ivan Sidorov", birth_date=dob), LISTED)
    assert ev.score == score


@pytest.mark.parametrize(("country", "match", "mismatch"), [
    ("ru", 1.0, 0.0), ("Russia", 1.0, 0.0), ("ua", 0.0, 1.0), (None, 0.0, 0.0),
])
def test_country(country: str | None, match: float, mismatch: float) -> None:
    q = Query.build("Ivan Sidorov", nationality=country)
    assert evidence(f.country_match, q, LISTED).score == match
    assert evidence(f.country_mismatch, q, LISTED).score == mismatch


@pytest.mark.parametrize(("gender", "score"), [("male", 0.0), ("female", 1.0), (None, 0.0)])
def test_gender_mismatch(gender: str | None, score: float) -> None:
    ev = evidence(f.gender_mismatch, Query.build("Ivan Sidorov", gender=gender), LISTED)
    assert ev.score == score


@pytest.mark.parametrize(("passport", "score"), [
    ("AB123456", 1.0), ("ab-123 456", 1.0), ("AB123457", 0.0), (None, 0.0),
])
def test_identifier_match(passport: str | None, score: float) -> None:
    ev = evidence(f.identifier_match, Query.build("Ivan Sidorov", passport=passport), LISTED)
    assert ev.score == score


# Ivan, Petrovich and Sidorov are each carried by very many people (names/frequency.py): the
# whole name is a strong but not a certain match, a part of it or a variant a weak one
@pytest.mark.parametrize(("name", "low", "high"), [
    ("Ivan Petrovich Sidorov", 0.78, 0.9),
    ("Sidorov Ivan Petrovich", 0.78, 0.9),
    ("Ivan Sidorov", 0.5, 0.7),
    ("Iwan Sidorow", 0.3, 0.6),
    ("Иван Петрович Сидоров", 0.78, 0.9),
    ("Ivan", 0.0, 0.6),
    ("Pyotr Ivanov", 0.0, 0.0),
])
def test_name_match(name: str, low: float, high: float) -> None:
    ev = evidence(f.name_match, Query.build(name), LISTED)
    assert low <= ev.score <= high, ev


def test_weak_alias_match_is_reported_apart() -> None:
    entity = person("p-3", "Hilario Santos", weakAlias="Abu Hamsa")
    ev = evidence(f.weak_alias_match, Query.build("Abu Hamsa"), entity)
    assert ev.score > 0 and ev.detail.startswith("weak alias")
    assert evidence(f.name_match, Query.build("Abu Hamsa"), entity).score == 0.0
