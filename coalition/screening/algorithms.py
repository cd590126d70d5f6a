"""Scoring algorithms: a declared, weighted list of features under a stable name.

The name features give the base score (weak aliases count for at most `weak_cap`, so they
never make a match on their own). Every other feature moves the score in log-odds by its
weight times its own score: a matching date of birth or identifier raises it, a date of
birth years apart or a different gender lowers it. The result stays in (0, 1) and orders
alerts: a common name with nothing else known sits well below a rare name with a matching
date of birth, which sits below a matching passport.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from coalition.errors import UsageError
from coalition.screening import features as f
from coalition.screening.prepared import PreparedQuery
from coalition.screening.query import Query
from coalition.screening.records import Record

Feature = Callable[[PreparedQuery, Record], f.Evidence]
BASE_CAP = 0.97


@dataclass(frozen=True)
class Algorithm:
    """A named scoring recipe: name features, weighted evidence features, thresholds."""

    name: str
    description: str
    weights: dict[Feature, float]
    thresholds: dict[str, float] = field(default_factory=dict)
    default_threshold: float = 0.7
    # a weak alias matched in full ranks just under the threshold: evidence an analyst sees,
    # a match only with a date of birth, a country or a number that agrees
    weak_cap: float = 0.68

    def threshold(self, schema_name: str, parents: tuple[str, ...] = ()) -> float:
        """The match threshold for a schema (or its nearest parent that has one)."""
        for name in (schema_name, *parents):
            if name in self.thresholds:
                return self.thresholds[name]
        return self.default_threshold

    def max_boost(self, query: Query) -> float:
        """The most the evidence features can add (in log-odds) for what this query carries."""
        known = {
            f.dob_match: query.birth_date is not None,
            f.country_match: bool(query.countries),
            f.identifier_match: bool(query.identifiers),
        }
        return sum(w for feature, w in self.weights.items() if w > 0 and known.get(feature, True))

    def score(self, pq: PreparedQuery, record: Record) -> tuple[float, dict[str, f.Evidence]]:
        """The calibrated score of a record for a query and the evidence behind it."""
        explanations: dict[str, f.Evidence] = {}
        strong = f.name_match(pq, record)
        weak = f.weak_alias_match(pq, record)
        if strong.score > 0:
            explanations["name_match"] = strong
        if weak.score > strong.score:
            explanations["weak_alias_match"] = weak
        base = min(max(strong.score, min(weak.score, self.weak_cap)), BASE_CAP)
        identified = False
        logit = math.log(base / (1.0 - base)) if base > 0 else -4.0
        for feature, w in self.weights.items():
            ev = feature(pq, record)
            if ev.score > 0.0:
                explanations[feature.__name__] = ev
                logit += w * ev.score
                identified = identified or feature is f.identifier_match
        if base <= 0 and not identified:
            return 0.0, explanations
        return 1.0 / (1.0 + math.exp(-logit)), explanations


LOGIC = Algorithm(
    name="coalition-v1",
    description="Name similarity across spellings and scripts, weighed by how specific the "
    "name words are, moved by date of birth, countries, gender and identifiers.",
    weights={
        f.dob_match: 2.0,
        f.dob_year_disjoint: -1.3,
        f.country_match: 0.5,
        f.country_mismatch: -0.6,
        f.gender_mismatch: -1.5,
        f.identifier_match: 4.0,
    },
    thresholds={"Person": 0.7, "Organization": 0.7, "LegalEntity": 0.7, "Vessel": 0.75,
                "Airplane": 0.75},
)
ALGORITHMS = {LOGIC.name: LOGIC}


def get_algorithm(name: str) -> Algorithm:
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise UsageError(f"unknown algorithm {name!r}; known: {', '.join(ALGORITHMS)}") from None


def describe(algorithm: Algorithm) -> list[dict[str, object]]:
    """Each feature with its weight and the first line of its docstring (for documentation)."""
    rows: list[dict[str, object]] = [
        {"feature": "name_match", "weight": "base",
         "description": (f.name_match.__doc__ or "").split("\n\n")[0].replace("\n", " ")},
        {"feature": "weak_alias_match", "weight": f"base, at most {algorithm.weak_cap}",
         "description": (f.weak_alias_match.__doc__ or "").split("\n\n")[0].replace("\n", " ")},
    ]
    for feature, w in algorithm.weights.items():
        doc = (feature.__doc__ or "").split("\n\n")[0].replace("\n", " ")
        rows.append({"feature": feature.__name__, "weight": w, "description": doc})
    return rows
