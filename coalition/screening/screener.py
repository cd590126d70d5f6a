"""The Screener: listed entities in memory, queried by name and identity data."""

from __future__ import annotations

import gc
import heapq
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coalition.model import Entity
from coalition.screening import features, persist
from coalition.screening.algorithms import BASE_CAP, LOGIC, Algorithm
from coalition.screening.bounds import record_bounds, score_bound
from coalition.screening.features import Evidence
from coalition.screening.index import CandidateIndex
from coalition.screening.merge import merge_records
from coalition.screening.prepared import PreparedQuery
from coalition.screening.provenance import with_lists
from coalition.screening.query import Query
from coalition.screening.records import Record
from coalition.store import Store

CANDIDATES = 60
# Scores are shown to three decimals; no evidence makes a name screening certain.
MAX_SCORE = 0.999


@dataclass
class Result:
    """One listed entity found for a query, with its score and the reasons for it."""

    id: str
    caption: str
    schema: str
    score: float
    match: bool
    referents: list[str]
    datasets: list[str]
    explanations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # set when screening against a consolidated view of the joint list (member ids)
    listed_by: list[str] | None = None
    objected_by: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "caption": self.caption, "schema": self.schema,
            "score": self.score, "match": self.match, "referents": self.referents,
            "datasets": self.datasets, "explanations": self.explanations,
        }
        if self.listed_by is not None:
            data["listed_by"] = self.listed_by
        if self.objected_by is not None:
            data["objected_by"] = self.objected_by
        return data


class Screener:
    """Screens queries against a fixed set of listed entities.

    With `entity_ids` (record id -> entity id, from the resolution links), the records of one
    real-world entity are merged into one before the index is built (merge.py): a result
    then stands for the entity, with every list's record in `referents`."""

    def __init__(self, records: list[Record], *, algorithm: Algorithm = LOGIC,
                 candidates: int = CANDIDATES,
                 entity_ids: Mapping[str, str] | None = None) -> None:
        started = time.perf_counter()
        if entity_ids:
            records = merge_records(records, entity_ids)
        self.algorithm = algorithm
        self.candidates = candidates
        self.index = CandidateIndex(records)
        self.records: Sequence[Record] = records
        _settle()
        self.build_seconds = time.perf_counter() - started

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], **kwargs: Any) -> Screener:
        """A screener over entities in memory (those of matchable schemata); `entity_ids`
        in kwargs maps record ids to entity ids for merging."""
        return cls([Record.from_entity(e) for e in entities if e.schema.matchable], **kwargs)

    @classmethod
    def from_store(cls, store: Store, dataset: str | None = None, *, cache: Path | None = None,
                   entity_ids: Mapping[str, str] | None = None, **kwargs: Any) -> Screener:
        """A screener over the latest edition of every list in the store, the records of one
        entity merged by `entity_ids` (record id -> entity id); or over one list's own records
        (`dataset`: nothing merged). With a `cache` folder, the index built for that content
        is saved there and read back by the next call instead of being rebuilt (persist.py).
        The index is kept out of the cyclic garbage collector's walks (gc.freeze)."""
        mapping = dict(entity_ids or {}) if dataset is None else {}
        key = persist.cache_key(store, dataset, mapping) if cache is not None else None
        if cache is None or key is None:
            screener = cls.from_entities(store.entities(dataset, matchable_only=True),
                                         entity_ids=mapping, **kwargs)
            gc.freeze()
            return screener
        path = persist.path_for(cache, dataset, key)
        started = time.perf_counter()
        loaded = persist.load(path) if path.exists() else None
        if loaded is not None:
            screener = cls.__new__(cls)
            screener.algorithm = kwargs.get("algorithm", LOGIC)
            screener.candidates = kwargs.get("candidates", CANDIDATES)
            screener.records, screener.index = loaded
            _settle()
            screener.build_seconds = time.perf_counter() - started
            gc.freeze()
            return screener
        screener = cls.from_entities(store.entities(dataset, matchable_only=True),
                                     entity_ids=mapping, **kwargs)
        try:
            persist.save(path, screener.records, screener.index)
        except OSError:
            pass  # a read-only home screens all the same, only slower to start
        gc.freeze()
        return screener

    def __len__(self) -> int:
        return len(self.records)

    def threshold(self, record: Record) -> float:
        return self.algorithm.threshold(record.schema.name, record.schema.parents)

    def match(self, query: Query, *, limit: int = 5, threshold: float | None = None,
              candidates: int | None = None, exhaustive: bool = False) -> list[Result]:
        """The best `limit` results for a query, best first; `threshold` overrides the
        per-schema thresholds deciding `match`. `exhaustive` scores every record instead of
        the retrieved candidates (the reference that retrieval recall is measured against)."""
        pq = PreparedQuery.prepare(query, self.index)
        found = self.index.candidates(pq, limit=candidates or self.candidates)
        if exhaustive:
            pq.reached.update(range(len(self.index.tokens)))
            pq.compact_hits.update(range(len(self.records)))
            pq.acronym_hits.update(range(len(self.records)))
            mask = self.index.schema_mask(query.schema) if query.schema != "Thing" else None
            found = [(i, math.inf) for i in range(len(self.records)) if mask is None or mask[i]]
        boost = self.algorithm.max_boost(query)
        if exhaustive or len(found) <= limit:  # nothing to prune: every one is scored
            found = [(idx, math.inf) for idx, _ in found]
        else:
            found = self._by_bound(pq, found, boost)
        scored: list[tuple[float, str, Record, dict[str, Evidence]]] = []
        best: list[float] = []  # the `limit` best scores so far, a min-heap
        for idx, bound in found:
            if len(best) >= limit and round(bound, 3) < best[0]:
                break  # best bound first: none after this one can do better
            record = self.records[idx]
            score, evidence = self.algorithm.score(pq, record)
            if score <= 0.0:
                continue
            score = min(round(score, 3), MAX_SCORE)
            scored.append((score, record.id, record, evidence))
            if len(best) < limit:
                heapq.heappush(best, score)
            elif score > best[0]:
                heapq.heapreplace(best, score)
        scored.sort(key=lambda s: (-s[0], s[1]))
        out = []
        for score, _, record, evidence in scored[:limit]:
            cut = self.threshold(record) if threshold is None else threshold
            evidence = with_lists(record, self.index.tokens, evidence)
            out.append(Result(
                id=record.id, caption=record.caption, schema=record.schema.name, score=score,
                match=score >= cut, referents=list(record.referents),
                datasets=list(record.datasets),
                explanations={k: {"score": round(e.score, 3), "detail": e.detail}
                              for k, e in evidence.items()},
            ))
        return out

    def _by_bound(self, pq: PreparedQuery, found: list[tuple[int, float]],
                  boost: float) -> list[tuple[int, float]]:
        """The candidates with a bound on their score (bounds.py), highest first; their
        tokens' similarity rows are filled in one batch on the way."""
        entries: set[int] = set()
        for idx, _ in found:
            record = self.records[idx]
            entries.update(*record.names, *record.weak)
        pq.fill(entries, rows=features.KERNEL is None)  # the kernel reads fill's arrays
        if not found:
            return []
        positions = np.fromiter((idx for idx, _ in found), dtype=np.int64, count=len(found))
        base = record_bounds(pq, self.index.names, positions, self.algorithm.weak_cap)
        bounds = score_bound(np.minimum(base, BASE_CAP), boost).tolist()
        identifiers = set(pq.query.identifiers)
        out = []
        for (idx, _), bound in zip(found, bounds, strict=True):
            if idx in pq.acronym_hits or (
                    identifiers and not identifiers.isdisjoint(self.records[idx].identifiers)):
                bound = 1.0
            out.append((idx, bound))
        out.sort(key=lambda pair: -pair[1])
        return out



def _settle() -> None:
    """Move every object alive now (the index's hundreds of thousands of tokens, postings and
    tables among them) out of the collector's reach: they live as long as the process, and a
    full collection walking them paused a query by over 100 ms (gc.freeze)."""
    gc.freeze()
