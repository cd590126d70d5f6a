"""What the screening endpoints screen against, behind a seam (`ScreeningProvider`).

`StoreScreening` builds each screener once, thread-safe, from the store:

    default           every list loaded (the latest edition of each), one record per
                      real-world entity (the records the resolution links join, merged)
    un-sc, eu-fsf, …  one loaded list, its own records
    view:POLICY       the joint list's consolidated view under POLICY (any, quorum:K, all,
                      members:A,B, un) on a date; rebuilt when the log has grown

It also answers the FtM properties of result entities (from the store, cached), since a
yente-style result carries them: for `default`, the entity's merged from all its records.
With a `cache` folder the list indexes are saved and read back (screening/persist.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from coalition.errors import NotFoundError, UsageError
from coalition.ledger import Ledger
from coalition.ledger.entities import load_ftm
from coalition.ledger.identity import Identity, links_version, merged_ftm
from coalition.ledger.screening_view import screen_view
from coalition.screening import Screener
from coalition.store import Store

log = logging.getLogger("coalition.api")

DEFAULT = "default"
VIEW = "view:"
MAX_VIEWS = 8
MAX_CACHED_ENTITIES = 20_000


class ScreeningProvider(Protocol):
    def screener(self, dataset: str, as_of: str | None = None) -> Screener: ...
    def datasets(self) -> list[str]: ...
    def identity(self) -> Identity: ...
    def entities(self, ids: Iterable[str], *,
                 merged: bool = True) -> dict[str, dict[str, Any]]: ...
    def ready(self) -> bool: ...
    def warm(self) -> None: ...


class _Lru(OrderedDict[Any, Any]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class StoreScreening:
    """Screeners over the store's lists and the ledger's views, each built once.

    Every `refresh` seconds (0: never) a request checks whether a list edition was imported
    or a resolution judgement recorded since the screeners were built; if so they are
    rebuilt in a background thread and swapped in when ready, the old ones serving
    meanwhile."""

    def __init__(self, store: Store, ledger: Ledger,
                 build: Callable[[Store, str | None], Screener] | None = None, *,
                 refresh: float = 0.0, clock: Callable[[], float] = time.monotonic,
                 cache: Path | None = None) -> None:
        self.store = store
        self.ledger = ledger
        self._cache = cache
        self._build = build or self._from_store
        self._refresh, self._clock = refresh, clock
        self._checked = clock()
        self._edition = self._latest_edition()
        self._identity: Identity | None = None
        self._rebuilding: threading.Thread | None = None
        self._lists: dict[str, Screener] = {}
        self._views: _Lru = _Lru(MAX_VIEWS)
        self._entities: _Lru = _Lru(MAX_CACHED_ENTITIES)
        self._lock = threading.Lock()
        self._entity_lock = threading.Lock()

    def datasets(self) -> list[str]:
        return [d.name for d in self.store.datasets()]

    def _from_store(self, store: Store, dataset: str | None) -> Screener:
        """Every list with one record per entity, or one list's own records."""
        mapping = self.identity().mapping() if dataset is None else None
        return Screener.from_store(store, dataset, cache=self._cache, entity_ids=mapping)

    def identity(self) -> Identity:
        """The entities the resolution links make of the records (as of the last build)."""
        found = self._identity
        if found is None:
            found = self._identity = Identity.of(self.store)
        return found

    def ready(self) -> bool:
        return DEFAULT in self._lists

    def warm(self) -> None:
        self.screener(DEFAULT)

    def screener(self, dataset: str, as_of: str | None = None) -> Screener:
        """The screener for a dataset name, `default` or `view:POLICY` (on `as_of`)."""
        if dataset.startswith(VIEW):
            return self._view(dataset.removeprefix(VIEW), as_of)
        if as_of is not None:
            raise UsageError("as_of applies to a view of the joint list (dataset "
                             "view:POLICY), not to a loaded list", where="as_of")
        self._check_editions()
        found = self._lists.get(dataset)
        if found is not None:
            return found
        if dataset != DEFAULT and dataset not in self.datasets():
            raise NotFoundError(f"no dataset {dataset!r}; use default, one of "
                                f"{', '.join(self.datasets()) or '(none loaded)'} or "
                                "view:POLICY (e.g. view:quorum:2)", where="dataset")
        with self._lock:
            if dataset not in self._lists:
                self._lists[dataset] = self._build(self.store, None if dataset == DEFAULT
                                                   else dataset)
            return self._lists[dataset]

    def _latest_edition(self) -> tuple[int, int]:
        """What the screeners are built from: the latest edition and the latest judgement."""
        return (max((e.id for e in self.store.editions()), default=0),
                links_version(self.store.engine))

    def _check_editions(self) -> threading.Thread | None:
        """Start rebuilding the list screeners when an edition was imported since they were
        built (checked at most every `refresh` seconds); returns the rebuilding thread."""
        if not self._refresh or self._clock() - self._checked < self._refresh:
            return None
        with self._lock:
            self._checked = self._clock()
            if self._rebuilding is not None and self._rebuilding.is_alive():
                return self._rebuilding
            latest = self._latest_edition()
            if latest == self._edition:
                return None
            self._rebuilding = threading.Thread(target=self._rebuild, args=(latest,),
                                                name="screening-rebuild", daemon=True)
            self._rebuilding.start()
            return self._rebuilding

    def _rebuild(self, edition: tuple[int, int]) -> None:
        names = list(self._lists) or [DEFAULT]
        self._identity = Identity.of(self.store)
        fresh = {ds: self._build(self.store, None if ds == DEFAULT else ds) for ds in names}
        with self._lock:
            self._lists = fresh
            self._edition = edition
        with self._entity_lock:
            self._entities.clear()
        log.info("screening index rebuilt after a new list edition or judgement (%s)",
                 ", ".join(names))

    def _view(self, policy: str, as_of: str | None) -> Screener:
        day = as_of or date.today().isoformat()
        key = (policy, day, self._log_size(), self._edition)
        with self._lock:
            found = self._views.get(key)
            if found is None:
                found = screen_view(self.ledger, policy, day)
                self._views.put(key, found)
            return found

    def _log_size(self) -> int:
        try:
            return self.ledger.head().tree_size
        except NotFoundError:  # an empty log has no head yet
            return 0

    def entities(self, ids: Iterable[str], *,
                  merged: bool = True) -> dict[str, dict[str, Any]]:
        """FtM JSON of entities by id (store or ledger), cached: `merged`, the whole entity
        of each id (every record the links join to it); else each record on its own."""
        wanted = list(dict.fromkeys(ids))
        with self._entity_lock:
            out = {i: self._entities[(i, merged)] for i in wanted
                   if (i, merged) in self._entities}
        missing = [i for i in wanted if i not in out]
        if missing:
            loaded = (merged_ftm(self.store.engine, missing, self.identity()) if merged
                      else load_ftm(self.store.engine, missing))
            with self._entity_lock:
                for eid, data in loaded.items():
                    self._entities.put((eid, merged), data)
            out.update(loaded)
        return out
