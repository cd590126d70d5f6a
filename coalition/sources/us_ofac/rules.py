"""OFAC's metadata and mapping tables, read from source.yaml (the mapping is data, not code)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class IdentifierRule:
    """How one document or registry label maps: the entity property, and whether a passport."""

    label: str
    prop: str | None
    passport: bool = False


@dataclass(frozen=True)
class Rules:
    """Everything source.yaml declares about OFAC's files."""

    publisher: str
    authority: str
    urls: dict[str, str]
    expected_counts: dict[str, int]
    sdn_types: dict[str, str]
    alt_types: dict[str, str]
    non_sdn_programs: tuple[str, ...]
    non_sdn_share: float
    remark_properties: dict[str, str]
    sanction_notes: tuple[str, ...]
    identifiers: dict[str, IdentifierRule]
    notes: frozenset[str]
    unknown_values: frozenset[str]

    def is_non_sdn_program(self, program: str) -> bool:
        """True for a program that only the non-SDN (consolidated) lists carry."""
        return any(_label_matches(pattern, program.strip()) for pattern in self.non_sdn_programs)

    def is_consolidated(self, entries: Iterable[Iterable[str]]) -> bool:
        """True when the entries (each given by its programs) are the non-SDN consolidated list:
        at least `non_sdn_share` of them carry a non-SDN program."""
        total = marked = 0
        for programs in entries:
            total += 1
            marked += any(self.is_non_sdn_program(p) for p in programs)
        return total > 0 and marked / total >= self.non_sdn_share


def _label_matches(pattern: str, text: str) -> bool:
    if pattern.endswith("*"):
        return text.startswith(pattern[:-1])
    return text == pattern


@functools.cache
def rules() -> Rules:
    """The rules of source.yaml, loaded once."""
    text = resources.files(__package__).joinpath("source.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    idents = {
        str(label): IdentifierRule(str(label), (spec or {}).get("prop"),
                                   bool((spec or {}).get("passport", False)))
        for label, spec in raw["identifiers"].items()
    }
    return Rules(
        publisher=raw["publisher"],
        authority=raw["authority"],
        urls={str(k): str(v) for k, v in raw["urls"].items()},
        expected_counts={str(k): int(v) for k, v in raw["expected_counts"].items()},
        sdn_types={str(k): str(v) for k, v in raw["sdn_types"].items()},
        alt_types={str(k): str(v) for k, v in raw["alt_types"].items()},
        non_sdn_programs=tuple(str(p) for p in raw["non_sdn_programs"]),
        non_sdn_share=float(raw["non_sdn_share"]),
        remark_properties={str(k): str(v) for k, v in raw["remark_properties"].items()},
        sanction_notes=tuple(str(s) for s in raw["sanction_notes"]),
        identifiers=idents,
        notes=frozenset(str(n).lower() for n in raw["notes"]),
        unknown_values=frozenset(str(n).lower() for n in raw["unknown_values"]),
    )
