"""A statement: one value of one property of one entity, with where and when it was seen.

This is the unit of provenance (as in FollowTheMoney's statement model): the store keeps
statements, entities are assembled from them, and the id is a deterministic hash so that
importing the same record twice yields the same statements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(slots=True)
class Statement:
    entity_id: str
    schema: str
    prop: str
    value: str
    dataset: str
    reference: str  # the source record, as <dataset>:<reference>
    lang: str | None = None
    original_value: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None

    @property
    def id(self) -> str:
        return statement_id(self.dataset, self.entity_id, self.prop, self.value)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "prop": self.prop,
            "value": self.value,
            "dataset": self.dataset,
            "reference": self.reference,
            "lang": self.lang,
            "original_value": self.original_value,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


def statement_id(dataset: str, entity_id: str, prop: str, value: str) -> str:
    key = "\x1f".join((dataset, entity_id, prop, value)).encode("utf-8")
    return hashlib.sha1(key).hexdigest()
