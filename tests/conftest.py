"""Fixture strategy.

- `store`: a fresh store per test, parametrised over the embedded SQLite (in memory) and
  PostgreSQL (127.0.0.1:5432, database `test`, a schema of its own per test, dropped after).
  Without a PostgreSQL server the PostgreSQL half is skipped with the reason, except in CI
  (COALITION_REQUIRE_POSTGRES=1), where it fails.
- `sqlite_store`: the in-memory store alone, for tests that are about logic, not the database.
- `datasets`: the folder of real public lists (../shared/datasets or COALITION_DATASETS);
  tests that need it skip with the reason when it is absent.
- `runner`: click's CliRunner with COALITION_HOME in tmp_path and the cached store reset.
- `server`: a real HTTP server on 127.0.0.1 serving a folder of tmp_path, as (base URL, folder).
- Fixture files the project writes itself live in tests/fixtures and are made by the tests
  (hostile files are generated in tmp_path, never committed).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from coalition.cli import context
from coalition.settings import find_datasets
from coalition.store import Store

PG_URL = os.environ.get("COALITION_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FIXTURES = Path(__file__).parent / "fixtures"


def _pg_available() -> str | None:
    try:
        engine = sa.create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection failure means: no server here
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}"


_PG_PROBLEM: str | None | bool = False


def pg_problem() -> str | None:
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _pg_available()
    return _PG_PROBLEM  # type: ignore[return-value]


@contextmanager
def pg_schema() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards (skips, or
    fails under COALITION_REQUIRE_POSTGRES=1, when no server answers)."""
    problem = pg_problem()
    if problem:
        if os.environ.get("COALITION_REQUIRE_POSTGRES") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    with pg_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store("sqlite://")
    else:
        s = Store(request.getfixturevalue("pg_url"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store() -> Iterator[Store]:
    s = Store("sqlite://")
    yield s
    s.close()


@pytest.fixture(scope="session")
def datasets() -> Path:
    path = find_datasets()
    if path is None:
        pytest.skip("../shared/datasets (or COALITION_DATASETS) is absent: real-list tests need it")
    return path


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("COALITION_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COALITION_DB", raising=False)
    context.settings.cache_clear()
    context.store.cache_clear()
    yield CliRunner()
    if context.store.cache_info().currsize:
        context.store().close()
    context.settings.cache_clear()
    context.store.cache_clear()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()
