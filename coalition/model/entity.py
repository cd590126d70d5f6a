"""An entity assembled from statements: FollowTheMoney on the wire, provenance on every value."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from coalition.errors import UsageError
from coalition.model import types
from coalition.model.schema import Schema, common_schema, get_schema
from coalition.model.statement import Statement

NAME_PROPS = ("name", "alias", "previousName")
_ID_BAD = re.compile(r"[^0-9a-zA-Z.\-]+")

InvalidHook = Callable[["Entity", str, object], None]


def make_entity_id(dataset: str, reference: str) -> str:
    """An FtM-valid entity id for a source record: `un-sc-QDi.001` for `un-sc:QDi.001`."""
    slug = _ID_BAD.sub("-", reference).strip("-.")
    if not slug:
        slug = hashlib.sha1(reference.encode("utf-8")).hexdigest()[:16]
    return f"{dataset}-{slug}"


class Entity:
    """One thing (person, organisation, vessel, sanction…) with its values and their sources."""

    __slots__ = ("id", "schema", "_props", "dataset", "reference", "seen", "on_invalid")

    def __init__(
        self,
        schema: str | Schema,
        id: str,
        *,
        dataset: str | None = None,
        reference: str | None = None,
        seen: str | None = None,
        on_invalid: InvalidHook | None = None,
    ) -> None:
        self.schema = schema if isinstance(schema, Schema) else get_schema(schema)
        if not id:
            raise UsageError("an entity needs an id")
        self.id = id
        self._props: dict[str, list[Statement]] = {}
        self.dataset = dataset
        self.reference = reference
        self.seen = seen
        self.on_invalid = on_invalid

    # -- writing -------------------------------------------------------------------------

    def add(
        self,
        prop: str,
        value: object,
        *,
        lang: str | None = None,
        original: str | None = None,
        dataset: str | None = None,
        reference: str | None = None,
    ) -> str | None:
        """Clean and add one value; return it, or None when it was empty or invalid.

        An invalid value (an unknown country, an unreadable date) goes to `on_invalid`,
        which importers use to report it with the record."""
        if value is None or value == "":
            return None
        if isinstance(value, list | tuple | set):
            for item in value:
                self.add(prop, item, lang=lang, original=original, dataset=dataset,
                         reference=reference)
            return None
        ptype = self.schema.get(prop).type
        try:
            cleaned = types.clean(ptype, value, prop)
        except types.ValueTooLong as exc:
            if self.on_invalid:
                self.on_invalid(self, prop, f"<{exc}>")
                return None
            raise
        if cleaned is None:
            if self.on_invalid and str(value).strip():
                self.on_invalid(self, prop, value)
            return None
        if original is None and ptype in ("country", "date", "gender") and str(value) != cleaned:
            original = str(value)
        ds = dataset or self.dataset or "unknown"
        stmt = Statement(
            entity_id=self.id,
            schema=self.schema.name,
            prop=prop,
            value=cleaned,
            dataset=ds,
            reference=reference or self.reference or f"{ds}:{self.id}",
            lang=lang,
            original_value=original if original is not None and original != cleaned else None,
            first_seen=self.seen,
            last_seen=self.seen,
        )
        self.add_statement(stmt)
        return cleaned

    def add_statement(self, stmt: Statement) -> None:
        values = self._props.setdefault(stmt.prop, [])
        for existing in values:
            if existing.value == stmt.value and existing.dataset == stmt.dataset:
                if stmt.first_seen and (not existing.first_seen or stmt.first_seen < existing.first_seen):
                    existing.first_seen = stmt.first_seen
                if stmt.last_seen and (not existing.last_seen or stmt.last_seen > existing.last_seen):
                    existing.last_seen = stmt.last_seen
                return
        values.append(stmt)

    def merge(self, other: Entity) -> None:
        """Take over every statement of `other` (same real-world thing)."""
        self.schema = get_schema(common_schema(self.schema.name, other.schema.name))
        for stmt in other.statements:
            self.add_statement(stmt)

    # -- reading -------------------------------------------------------------------------

    def get(self, prop: str) -> list[str]:
        return [s.value for s in self._props.get(prop, ())]

    def first(self, prop: str) -> str | None:
        values = self._props.get(prop)
        return values[0].value if values else None

    def has(self, prop: str) -> bool:
        return bool(self._props.get(prop))

    @property
    def properties(self) -> dict[str, list[str]]:
        return {p: [s.value for s in stmts] for p, stmts in self._props.items() if stmts}

    @property
    def statements(self) -> Iterator[Statement]:
        for stmts in self._props.values():
            yield from stmts

    def statements_of(self, prop: str) -> list[Statement]:
        return list(self._props.get(prop, ()))

    @property
    def caption(self) -> str:
        for prop in ("name", "alias", "lastName", "number", "passportNumber", "full", "imoNumber"):
            if prop in self.schema.properties and self.has(prop):
                return self.first(prop) or self.id
        return self.id

    @property
    def names(self) -> list[str]:
        """Strong names: name, alias, previous names (never weak aliases)."""
        out: list[str] = []
        for prop in NAME_PROPS:
            out.extend(v for v in self.get(prop) if v not in out)
        return out

    @property
    def referents(self) -> list[str]:
        return sorted({s.reference for s in self.statements})

    @property
    def datasets(self) -> list[str]:
        return sorted({s.dataset for s in self.statements})

    @property
    def first_seen(self) -> str | None:
        seen = [s.first_seen for s in self.statements if s.first_seen]
        return min(seen) if seen else None

    @property
    def last_seen(self) -> str | None:
        seen = [s.last_seen for s in self.statements if s.last_seen]
        return max(seen) if seen else None

    def fingerprint(self) -> str:
        """A hash of the schema and values (not the dates seen): changes when the record does."""
        h = hashlib.sha1(self.schema.name.encode())
        for prop, value in sorted((s.prop, s.value) for s in self.statements):
            h.update(b"\x1e" + prop.encode() + b"\x1f" + value.encode())
        return h.hexdigest()

    # -- wire format ---------------------------------------------------------------------

    def to_ftm(self) -> dict[str, Any]:
        """The FollowTheMoney JSON form (with OpenSanctions' `datasets`, `referents`, seen dates)."""
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema.name,
            "properties": self.properties,
            "datasets": self.datasets,
            "referents": self.referents,
        }
        if self.first_seen:
            data["first_seen"] = self.first_seen
            data["last_seen"] = self.last_seen
        return data

    @classmethod
    def from_statements(cls, statements: Iterable[Statement]) -> Entity:
        entity: Entity | None = None
        for stmt in statements:
            if entity is None:
                entity = cls(stmt.schema, stmt.entity_id)
            elif stmt.schema != entity.schema.name:
                entity.schema = get_schema(common_schema(entity.schema.name, stmt.schema))
            entity.add_statement(stmt)
        if entity is None:
            raise UsageError("no statements to build an entity from")
        return entity

    def __repr__(self) -> str:
        return f"<Entity {self.schema.name} {self.id} {self.caption!r}>"
