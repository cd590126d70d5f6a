"""API fixtures.

- `api_store`: the `store` fixture (SQLite and PostgreSQL) with the bundled sample lists
  imported (UN and OFAC samples; the import seeds the joint list with the UN Security
  Council's and the United States' statements) and two more members, `fr` and `de`.
- `api`: an `ApiClient` over `create_app(settings, store=api_store)`; signing keys in tmp_path.
- `tokens`: a user of each role for `fr` (`admin`, `analyst`, `screener`) and an analyst of
  `de`, mapped to their API tokens.
- `make_app(store, tmp_path, **settings)` builds an app with other settings (rate limits…).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from coalition.accounts import Accounts
from coalition.api.app import create_app
from coalition.api.settings import ApiSettings
from coalition.cli.demo import SAMPLES, sample_root
from coalition.ledger import KeyStore, Ledger
from coalition.sources.pipeline import import_path
from coalition.store import Store
from tests.api.client import ApiClient


def make_app(store: Store, home: Path, **settings: Any) -> FastAPI:
    env = {"COALITION_HOME": str(home), "COALITION_DB": store.url}
    return create_app(ApiSettings.from_env(env, **settings), store=store)


def add_members(store: Store, home: Path) -> None:
    ledger = Ledger(store, KeyStore(home / "keys"))
    ledger.add_member("fr", "France, Ministry for Europe and Foreign Affairs", country="fr",
                      kind="foreign-ministry")
    ledger.add_member("de", "Germany, Federal Foreign Office", country="de",
                      kind="foreign-ministry")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def api_store(store: Store, home: Path) -> Store:
    for name, list_date in SAMPLES:
        import_path(store, sample_root() / name, list_date=list_date, ledger_keys=home / "keys")
    add_members(store, home)
    return store


@pytest.fixture
def tokens(api_store: Store) -> dict[str, str]:
    accounts = Accounts(api_store)
    out = {}
    for name, member, role in (("admin", "fr", "admin"), ("analyst", "fr", "analyst"),
                               ("screener", "fr", "screener"), ("de-analyst", "de", "analyst")):
        accounts.add_user(name, member, role)
        out[name] = accounts.issue_token(name).token
    return out


@pytest.fixture
def api(api_store: Store, home: Path) -> Iterator[ApiClient]:
    client = ApiClient(make_app(api_store, home))
    yield client
    client.close()
