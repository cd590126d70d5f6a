"""Loads the compiled name-scoring kernel (`_kernel.pyx`), or says why it is not used.

The kernel computes what `features.best_name_found` and `features._name_similarity` do, in
C, with the same results. It is not used when COALITION_NO_KERNEL=1, when the extension was
not built (a plain source checkout: `pip install -e .` builds it), or when it is older than
its source (an edited `_kernel.pyx` not rebuilt yet): then the Python path runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path
from typing import Any, Protocol

from coalition.screening.prepared import PreparedQuery, QueryForm
from coalition.screening.records import Record

SOURCE = Path(__file__).with_name("_kernel.pyx")
Found = tuple[QueryForm, tuple[int, ...], float, float, bool]


class NameKernel(Protocol):
    """The compiled module's functions (see _kernel.pyx)."""

    def best_name(self, pq: PreparedQuery, record: Record,
                  names: tuple[tuple[int, ...], ...], compacts: tuple[str, ...] | None
                  ) -> tuple[float, Found | None] | None: ...

    def name_similarity(self, pq: PreparedQuery, qf: QueryForm, name: tuple[int, ...],
                        compact: str | None) -> tuple[float, float, int, float] | None: ...


def why_not() -> str | None:
    """Why the kernel is not used, or None when it is."""
    if os.environ.get("COALITION_NO_KERNEL", "") not in ("", "0"):
        return "COALITION_NO_KERNEL is set"
    spec = importlib.util.find_spec("coalition.screening._kernel")
    if spec is None or spec.origin is None:
        return "the extension is not built (pip install -e . builds it)"
    built = Path(spec.origin)
    if SOURCE.exists() and SOURCE.stat().st_mtime > built.stat().st_mtime:
        return f"{built.name} is older than {SOURCE.name}: rebuild with pip install -e ."
    return None


def load() -> NameKernel | None:
    """The kernel module, or None where the Python path is to be taken."""
    if why_not() is not None:
        return None
    try:
        module: Any = importlib.import_module("coalition.screening._kernel")
    except ImportError:
        return None
    kernel: NameKernel = module
    return kernel
