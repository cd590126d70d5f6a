"""The services an app serves, built once per app: `app.state.services`."""

from __future__ import annotations

import os
from dataclasses import dataclass

from coalition.accounts import Accounts
from coalition.api.ratelimit import RateLimiter, TokenBucket
from coalition.api.screening import ScreeningProvider, StoreScreening
from coalition.api.settings import ApiSettings
from coalition.exchange import ExchangeService, KeyStoreSigner
from coalition.ledger import KeyStore, Ledger
from coalition.monitor.repository import MonitorRepository
from coalition.store import Store


@dataclass
class Services:
    settings: ApiSettings
    store: Store
    accounts: Accounts
    screening: ScreeningProvider
    ledger: Ledger
    exchange: ExchangeService
    monitor: MonitorRepository
    limiter: RateLimiter

    @classmethod
    def build(cls, settings: ApiSettings, store: Store) -> Services:
        """Every service over one store; signing keys in COALITION_HOME/keys."""
        phrase = os.environ.get("COALITION_KEY_PASSPHRASE")
        keys = KeyStore(settings.core.home / "keys", phrase.encode() if phrase else None)
        ledger = Ledger(store, keys)
        return cls(
            settings=settings,
            store=store,
            accounts=Accounts(store),
            screening=StoreScreening(store, ledger, refresh=settings.index_refresh,
                                     cache=settings.core.home / "screening"),
            ledger=ledger,
            exchange=ExchangeService(store, signer=KeyStoreSigner(keys)),
            monitor=MonitorRepository(store.engine),
            limiter=TokenBucket(settings.rate_limit, settings.rate_burst),
        )
