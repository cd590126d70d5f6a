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
from coalition.sources.pipeline import import_path
from coalition.store import Store
from tests.conftest import FIXTURES


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


def test_a_new_edition_is_picked_up_in_the_background(api_store: Store, home: Path) -> None:
    now = [0.0]
    provider = StoreScreening(api_store, Ledger(api_store, KeyStore(home / "keys")),
                              refresh=30.0, clock=lambda: now[0])
    old = provider.screener("default")
    assert provider._check_editions() is None  # not yet time to look
    now[0] = 31.0
    assert provider._check_editions() is None  # nothing new was imported
    import_path(api_store, FIXTURES / "ca_sema" / "sema_small.xml", ledger_keys=home / "keys")
    assert provider.screener("default") is old  # the old one serves while checking
    now[0] = 62.0
    thread = provider._check_editions()
    assert thread is not None
    thread.join(timeout=60)
    fresh = provider.screener("default")
    assert fresh is not old and len(fresh) > len(old)
    assert "ca-sema" in {ds for r in fresh.records for ds in r.datasets}
