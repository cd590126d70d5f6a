"""Every listed name as flat arrays, for computing score bounds over many names at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coalition.names.forms import Kind, Token
from coalition.screening.records import Record


def ranges(start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions start[i]..stop[i] of every range, one range after the other, and which
    range each belongs to."""
    lens = stop - start
    owner = np.repeat(np.arange(len(start)), lens)
    offsets = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    return start[owner] + offsets, owner


class NameTable:
    """Every record's names (strong, then weak) as flat arrays: `entries` of all names one
    after the other, `name_start` offsets into it, `record_start` offsets into the names."""

    SAVED = ("entries", "name_start", "record_start", "weak", "length", "compact", "abjad",
             "person")
    entries: np.ndarray
    name_start: np.ndarray
    record_start: np.ndarray
    weak: np.ndarray
    length: np.ndarray
    compact: np.ndarray
    abjad: np.ndarray
    person: np.ndarray

    def __init__(self, arrays: dict[str, np.ndarray], tokens: Sequence[Token],
                 weights: Sequence[float]) -> None:
        for name in self.SAVED:
            setattr(self, name, arrays[name])
        self.weights = np.asarray(weights, dtype=np.float64)
        self.is_name = np.fromiter((t.kind == Kind.NAME for t in tokens), dtype=bool,
                                   count=len(tokens))

    @classmethod
    def build(cls, records: Sequence[Record], tokens: Sequence[Token],
              weights: Sequence[float]) -> NameTable:
        """The table of compiled records (saved with the index by persist.py, so that loading
        does not read every record)."""
        entries: list[int] = []
        name_start, record_start = [0], [0]
        weak, length, compact, abjad = [], [], [], []
        for record in records:
            for k, name in enumerate((*record.names, *record.weak)):
                entries.extend(name)
                name_start.append(len(entries))
                is_weak = k >= len(record.names)
                weak.append(is_weak)
                length.append(len(name))
                compact.append(-1 if is_weak else len(record.compacts[k]))
                abjad.append(any(tokens[e].abjad for e in name))
            record_start.append(len(weak))
        arrays: dict[str, np.ndarray] = {
            "entries": np.asarray(entries, dtype=np.int32),
            "name_start": np.asarray(name_start, dtype=np.int64),
            "record_start": np.asarray(record_start, dtype=np.int64),
            "weak": np.asarray(weak, dtype=bool),
            "length": np.asarray(length, dtype=np.int32),
            "compact": np.asarray(compact, dtype=np.int32),
            "abjad": np.asarray(abjad, dtype=bool),
            "person": np.fromiter((r.is_person for r in records), dtype=bool,
                                  count=len(records)),
        }
        return cls(arrays, tokens, weights)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"names_" + name: getattr(self, name) for name in self.SAVED}
