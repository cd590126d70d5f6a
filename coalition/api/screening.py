"""What the screening endpoints screen against, behind a seam (`ScreeningProvider`).

`StoreScreening` builds each screener once, thread-safe, from the store:

    default           every list loaded (the latest edition of each)
    un-sc, eu-fsf, …  one loaded list
    view:POLICY       the joint list's consolidated view under POLICY (any, quorum:K, all,
                      members:A,B, un) on a date; rebuilt when the log has grown

It also answers the FtM properties of result entities (from the store, cached), since a
yente-style result carries them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol

from coalition.errors import NotFoundError, UsageError
from coalition.ledger import Ledger
from coalition.ledger.entities import load_ftm
from coalition.ledger.screening_view import screen_view
from coalition.screening import Screener
from coalition.store import Store

DEFAULT = "default"
VIEW = "view:"
MAX_VIEWS = 8
MAX_CACHED_ENTITIES = 20_000


class ScreeningProvider(Protocol):
    def screener(self, dataset: str, as_of: str | None = None) -> Screener: ...
    def datasets(self) -> list[str]: ...
    def _log_size(self) -> int:
        try:
            return self.ledger.head().tree_size
        except NotFoundError:  # an empty log has no head yet
            return 0

    def entities(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...
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
    """Screeners over the store's lists and the ledger's views, each built once."""

    def __init__(self, store: Store, ledger: Ledger,
                 build: Callable[[Store, str | None], Screener] | None = None) -> None:
        self.store = store
        self.ledger = ledger
        self._build = build or (lambda s, ds: Screener.from_store(s, ds))
        self._lists: dict[str, Screener] = {}
        self._views: _Lru = _Lru(MAX_VIEWS)
        self._entities: _Lru = _Lru(MAX_CACHED_ENTITIES)
        self._lock = threading.Lock()
        self._entity_lock = threading.Lock()

    def datasets(self) -> list[str]:
        return [d.name for d in self.store.datasets()]

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

    def _view(self, policy: str, as_of: str | None) -> Screener:
        day = as_of or date.today().isoformat()
        key = (policy, day, self._log_size())
        with self._lock:
            found = self._views.get(key)
            if found is None:
                found = screen_view(self.ledger, policy, day)
                self._views.put(key, found)
            return found  # type: ignore[no-any-return]

    def _log_size(self) -> int:
        try:
            return self.ledger.head().tree_size
        except NotFoundError:  # an empty log has no head yet
            return 0

    def entities(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """FtM JSON of entities by id (store or ledger), cached."""
        wanted = list(dict.fromkeys(ids))
        with self._entity_lock:
            out = {i: self._entities[i] for i in wanted if i in self._entities}
        missing = [i for i in wanted if i not in out]
        if missing:
            loaded = load_ftm(self.store.engine, missing)
            with self._entity_lock:
                for eid, data in loaded.items():
                    self._entities.put(eid, data)
            out.update(loaded)
        return out
