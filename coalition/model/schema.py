"""FollowTheMoney schemata as data: loaded from schemata.yaml, with inheritance resolved."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

from coalition.errors import UsageError


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    range: str | None = None


@dataclass(frozen=True)
class Schema:
    name: str
    parents: tuple[str, ...]
    abstract: bool
    matchable: bool
    properties: dict[str, Property] = field(hash=False, compare=False)

    def is_a(self, other: str) -> bool:
        """True when this schema is `other` or descends from it."""
        return other == self.name or other in self.parents

    def get(self, prop: str) -> Property:
        try:
            return self.properties[prop]
        except KeyError:
            raise UsageError(f"schema {self.name} has no property {prop!r}") from None


@functools.cache
def _load() -> dict[str, Schema]:
    raw = yaml.safe_load(resources.files(__package__).joinpath("schemata.yaml").read_text("utf-8"))

    def lineage(name: str) -> list[str]:
        spec = raw[name]
        parent = spec.get("extends")
        return ([parent, *lineage(parent)]) if parent else []

    out: dict[str, Schema] = {}
    for name, spec in raw.items():
        parents = lineage(name)
        props: dict[str, Property] = {}
        for owner in [*reversed(parents), name]:
            for pname, ptype in (raw[owner].get("properties") or {}).items():
                if isinstance(ptype, dict):
                    props[pname] = Property(pname, ptype["type"], ptype.get("range"))
                else:
                    props[pname] = Property(pname, ptype)
        out[name] = Schema(
            name=name,
            parents=tuple(parents),
            abstract=bool(spec.get("abstract", False)),
            matchable=bool(spec.get("matchable", False)),
            properties=props,
        )
    return out


def get_schema(name: str) -> Schema:
    """The schema called `name`, or a UsageError listing the known ones."""
    schemata = _load()
    try:
        return schemata[name]
    except KeyError:
        known = ", ".join(sorted(n for n, s in schemata.items() if not s.abstract))
        raise UsageError(f"unknown schema {name!r}; known schemata: {known}") from None


def all_schemata() -> dict[str, Schema]:
    return dict(_load())


def common_schema(left: str, right: str) -> str:
    """The more specific of two schemata when one descends from the other (Person + LegalEntity
    gives Person); a UsageError when neither does."""
    a, b = get_schema(left), get_schema(right)
    if a.is_a(b.name):
        return a.name
    if b.is_a(a.name):
        return b.name
    raise UsageError(f"schemata {left} and {right} do not fit one entity")
