"""A built screening index saved in COALITION_HOME, so `coalition screen NAME` starts in a
moment instead of rebuilding it from the store on every call.

The file is named after what it was built from: the content hash of the latest edition of
every list screened, the digest of the entity mapping that merged their records (which
records name one entity), and the code and name tables that analyse names. Not the store's
location: a data folder moved or copied keeps its index. Importing a new edition, linking
records, screening another list or upgrading coalition gives a new name, so a stale index is
never read; the older files of the same scope are removed when a new one is written. The
file is the index's numpy arrays plus one `marshal` blob of plain tuples (records, tokens,
compact names, identifiers): loading it runs no code from the file. A file that cannot be
read is rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import io
import marshal
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import overload

import numpy as np

from coalition.errors import CoalitionError
from coalition.model.schema import get_schema
from coalition.names.forms import Kind, Token
from coalition.screening.index import ARRAYS, CandidateIndex
from coalition.screening.records import Record
from coalition.store import Store

FORMAT = 4


@functools.cache
def code_fingerprint() -> str:
    """A hash of the modules and tables that turn names into an index."""
    h = hashlib.sha256(str(FORMAT).encode())
    for package in ("coalition.names", "coalition.names.data", "coalition.screening"):
        for item in sorted(resources.files(package).iterdir(), key=lambda p: p.name):
            if item.name.endswith((".py", ".yaml")):
                h.update(item.name.encode() + item.read_bytes())
    return h.hexdigest()


def mapping_digest(entity_ids: Mapping[str, str]) -> str:
    """A hash of which record belongs to which entity (empty: nothing merged)."""
    h = hashlib.sha256()
    for record_id, entity_id in sorted(entity_ids.items()):
        h.update(f"{record_id}\x1f{entity_id}\x1e".encode())
    return h.hexdigest()


def cache_key(store: Store, dataset: str | None,
              entity_ids: Mapping[str, str] | None = None) -> str | None:
    """The name of the index for the store's content: the latest editions (of one list, or
    of all) by content hash, and the entity mapping; None when nothing is loaded (or not
    `dataset`), which is not worth saving."""
    latest = store.latest_editions()
    chosen = sorted((ds, ed.content_hash) for ds, ed in latest.items()
                    if dataset is None or ds == dataset)
    if not chosen:
        return None
    h = hashlib.sha256(repr(chosen).encode())
    h.update(mapping_digest(entity_ids or {}).encode())
    h.update(code_fingerprint().encode())
    return h.hexdigest()[:24]


def path_for(folder: Path, dataset: str | None, key: str) -> Path:
    scope = "".join(c if c.isalnum() or c in "-_" else "_" for c in (dataset or "all"))
    return folder / f"{scope}.{key}.npz"


def save(path: Path, records: Sequence[Record], index: CandidateIndex) -> None:
    """Write the index atomically (a temporary file renamed), then drop older ones of its scope."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [marshal.dumps((
        r.id, r.schema.name, r.caption, r.raw_names, r.raw_weak, r.birth_dates,
        tuple(sorted(r.countries)), r.gender, tuple(sorted(r.identifiers)), r.referents,
        r.datasets, r.names, r.weak, r.compacts, r.name_lists, r.date_lists))
        for r in records]
    tables = marshal.dumps((
        FORMAT, index.schema_names,
        [(t.text, t.key, t.abjad, int(t.kind), t.shape) for t in index.tokens],
        index.compacts, index.identifiers, index.name_counts, index.acronyms,
        index.acronym_counts,
    ))
    starts = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=starts[1:])
    arrays = {**index.arrays(), "tables": np.frombuffer(tables, dtype=np.uint8),
              "record_data": np.frombuffer(b"".join(rows), dtype=np.uint8),
              "record_start": starts}
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, allow_pickle=False, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    scope = path.name.split(".", 1)[0]
    for old in path.parent.glob(f"{scope}.*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


class SavedRecords(Sequence[Record]):
    """The records of a saved index, each read from its bytes the first time it is needed:
    a query scores a few dozen of the forty thousand."""

    def __init__(self, data: bytes, starts: list[int]) -> None:
        self._data = data
        self._starts = starts
        self._made: dict[int, Record] = {}

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Record]: ...

    def __getitem__(self, i: int | slice) -> Record | Sequence[Record]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        record = self._made.get(i)
        if record is None:
            if not 0 <= i < len(self):
                raise IndexError(i)
            r = marshal.loads(self._data[self._starts[i]:self._starts[i + 1]])
            record = self._made[i] = Record(
                id=r[0], schema=get_schema(r[1]), caption=r[2], raw_names=r[3],
                raw_weak=r[4], birth_dates=r[5], countries=frozenset(r[6]), gender=r[7],
                identifiers=frozenset(r[8]), referents=r[9], datasets=r[10], names=r[11],
                weak=r[12], compacts=r[13], position=i, name_lists=r[14],
                date_lists=r[15])
        return record


def load(path: Path) -> tuple[SavedRecords, CandidateIndex] | None:
    """The records and index saved at `path`; None when there is none or it is unreadable."""
    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            arrays = {name: data[name] for name in ARRAYS}
            tables = marshal.loads(data["tables"].tobytes())
            records = SavedRecords(data["record_data"].tobytes(),
                                   data["record_start"].tolist())
        (fmt, schema_names, token_rows, compacts, identifiers, name_counts, acronyms,
         acronym_counts) = tables
        if fmt != FORMAT or len(schema_names) != len(records):
            return None
        kinds = list(Kind)
        tokens = [Token(t[0], t[1], t[2], kinds[t[3]], t[4]) for t in token_rows]
        for name in set(schema_names):
            get_schema(name)
    except (OSError, ValueError, KeyError, TypeError, EOFError, IndexError, zipfile.BadZipFile,
            io.UnsupportedOperation, CoalitionError):
        return None
    return records, CandidateIndex.restore(records, schema_names, tokens, arrays, compacts,
                                           identifiers, name_counts, acronyms,
                                           acronym_counts)
