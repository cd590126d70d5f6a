"""What every command needs: settings and the store, opened once per invocation."""

from __future__ import annotations

import functools

from coalition.settings import Settings
from coalition.store import Store


@functools.cache
def settings() -> Settings:
    return Settings.from_env()


@functools.cache
def store() -> Store:
    return Store(settings().db_url)
