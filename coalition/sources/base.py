"""The shared import machinery: a `Format` per file layout, an `ImportContext` per import run.

An importer is a module with a `FORMAT` (or several) whose `parse(path, ctx)` yields entities
built with `ctx.make(...)`. Whatever the importer does not understand goes to `ctx.unknown(...)`
with the record reference: it is counted and shown in the import summary, never dropped
silently. A file that cannot be read at all raises an `InputError` naming the file and the
record or line.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from coalition.model import Entity, make_entity_id

MAX_EXAMPLES = 5


@dataclass
class Finding:
    """Something an importer met and did not understand, counted with example records."""

    kind: str  # unknown-column, unknown-code, unparsed-remark, invalid-value, …
    detail: str
    count: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    format: str
    dataset: str
    list_date: str | None = None
    records: int = 0
    schemata: Counter[str] = field(default_factory=Counter)
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)

    def note(self, kind: str, detail: str, reference: str | None) -> None:
        key = (kind, detail[:200])
        finding = self.findings.get(key)
        if finding is None:
            finding = self.findings[key] = Finding(kind, detail[:200])
        finding.count += 1
        if reference and len(finding.examples) < MAX_EXAMPLES and reference not in finding.examples:
            finding.examples.append(reference)

    @property
    def unknown_total(self) -> int:
        return sum(f.count for f in self.findings.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source, "format": self.format, "dataset": self.dataset,
            "list_date": self.list_date, "records": self.records,
            "schemata": dict(sorted(self.schemata.items())),
            "findings": [
                {"kind": f.kind, "detail": f.detail, "count": f.count, "examples": f.examples}
                for f in sorted(self.findings.values(), key=lambda f: (-f.count, f.kind, f.detail))
            ],
        }


class ImportContext:
    """What an importer writes through: entity factory, findings, the list's date."""

    def __init__(self, dataset: str, source: Path, fmt: str, *, seen: str | None = None) -> None:
        self.dataset = dataset
        self.source = source
        self.report = ImportReport(source=str(source), format=fmt, dataset=dataset)
        self.seen = seen
        self.list_date: str | None = None

    def reference(self, ref: str) -> str:
        return f"{self.dataset}:{ref}"

    def make(self, schema: str, ref: str) -> Entity:
        """The entity for source record `ref` (its referent is `<dataset>:<ref>`)."""
        return Entity(
            schema,
            make_entity_id(self.dataset, ref),
            dataset=self.dataset,
            reference=self.reference(ref),
            seen=self.seen,
            on_invalid=self._invalid,
        )

    def make_child(self, schema: str, parent: Entity, *key: object) -> Entity:
        """An entity derived from a record (its sanction, passport, address, link), with an id
        stable across imports: the parent id plus a hash of `key`."""
        digest = hashlib.sha1("\x1f".join(str(k) for k in key).encode("utf-8")).hexdigest()[:12]
        return Entity(
            schema,
            f"{parent.id}-{schema.lower()}-{digest}",
            dataset=self.dataset,
            reference=parent.reference,
            seen=self.seen,
            on_invalid=self._invalid,
        )

    def unknown(self, kind: str, detail: str, ref: str | None = None) -> None:
        """Report something not understood, with the record it came from."""
        self.report.note(kind, detail, self.reference(ref) if ref else None)

    def _invalid(self, entity: Entity, prop: str, value: object) -> None:
        text = str(value)
        if len(text) > 80:
            text = text[:77] + "..."
        detail = f"{entity.schema.name}.{prop}: {text!r}"
        self.report.note("invalid-value", detail, entity.reference)


@dataclass(frozen=True)
class Format:
    """One file layout of one list."""

    name: str  # e.g. "un-xml", "ofac-csv"
    dataset: str  # e.g. "un-sc"; for FtM files the name is taken from the file
    title: str
    publisher: str
    url: str | None
    sniff: Callable[[Path, bytes], bool]
    parse: Callable[[Path, ImportContext], Iterator[Entity]]
    description: str = ""

    @classmethod
    def from_source(
        cls,
        source: dict[str, Any],
        sniff: Callable[[Path, bytes], bool],
        parse: Callable[[Path, ImportContext], Iterator[Entity]],
        *,
        name: str | None = None,
        url: str | None | bool = True,
    ) -> Format:
        """A format described by a source package's source.yaml. A package with several layouts
        names each one (`name`, described under `formats:` in the yaml) and may give it its own
        download address (`url`; None for a layout that is not published; True: the yaml's)."""
        fmt = name or source["format"]
        description = source.get("formats", {}).get(fmt) or source.get("description", "")
        return cls(
            name=fmt, dataset=source["dataset"], title=source["title"],
            publisher=source["publisher"], url=source["url"] if url is True else url or None,
            sniff=sniff, parse=parse, description=description,
        )


def load_source(package: str) -> dict[str, Any]:
    """A source package's source.yaml: publisher, address, format, counts, code tables."""
    text = resources.files(package).joinpath("source.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
