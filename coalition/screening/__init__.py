"""Screening: find listed persons and organisations by any spelling, in any script.

`Screener.from_entities(...)` or `Screener.from_store(store)` builds the in-memory candidate
index; `screener.match(Query.build("NAME", birth_date=...))` returns scored, explained
`Result`s, best first.
"""

from coalition.screening.algorithms import ALGORITHMS, LOGIC, Algorithm
from coalition.screening.query import Query
from coalition.screening.screener import Result, Screener

__all__ = ["ALGORITHMS", "LOGIC", "Algorithm", "Query", "Result", "Screener"]
