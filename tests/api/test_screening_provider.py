"""StoreScreening builds each screener once, whatever the number of threads asking at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from coalition.api.screening import StoreScreening
from coalition.errors import NotFoundError, UsageError
from coalition.ledger import KeyStore, Ledger
from coalition.screening import Screener
from coalition.store import Store


def test_index_is_built_once_under_concurrent_requests(api_store: Store, home: Path) -> None:
    builds: list[str | None] = []
    lock = threading.Lock()

    def build(store: Store, dataset: str | None) -> Screener:
        with lock:
            builds.append(dataset)
        time.sleep(0.05)  # long enough for the other threads to arrive while it builds
        return Screener.from_store(store, dataset)

    provider = StoreScreening(api_store, Ledger(api_store, KeyStore(home / "keys")), build)
    assert not provider.ready()
    with ThreadPoolExecutor(8) as pool:
        screeners = list(pool.map(lambda _: provider.screener("default"), range(16)))
    assert builds == [None]
    assert all(s is screeners[0] for s in screeners) and provider.ready()
    assert provider.screener("un-sc") is provider.screener("un-sc")
    assert builds == [None, "un-sc"]


def test_unknown_dataset_and_misplaced_as_of(api_store: Store, home: Path) -> None:
    provider = StoreScreening(api_store, Ledger(api_store, KeyStore(home / "keys")))
    with pytest.raises(NotFoundError, match="un-sc, us-ofac-sdn"):
        provider.screener("eu-fsf")
    with pytest.raises(UsageError, match="as_of"):
        provider.screener("un-sc", as_of="2020-01-01")
    view = provider.screener("view:any", as_of="2026-06-01")
    assert provider.screener("view:any", as_of="2026-06-01") is view
    assert provider.screener("view:any", as_of="2026-06-02") is not view
