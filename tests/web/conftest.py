"""Web fixtures: one site per test session, served by a real uvicorn server on 127.0.0.1.

- `site`: `create_app` over a SQLite store in a temporary COALITION_HOME with the bundled
  sample lists (UN and OFAC; the import seeds the joint list with their publishers'
  statements), two editions of a small list the tests write (`ftm-web`), members `fr`, `de`
  and `it` (France objects to one UN listing: a disagreement), users of each role, warnings
  and a request issued through the exchange service (one of them for `it` only, which users
  of `fr` must never see), and two news stories ingested by the monitor.
- `pg_site`: the same site on PostgreSQL (a schema of its own); `any_site` is each in turn, for
  the representative flows of test_databases.py.
- `seeded`: a site of its own with the five real seed texts ingested (from
  ../shared/datasets/news/seeds; skips when absent), `fr` watching ISIS, its alerts delivered.
- `client` / `login(client, user)`: an httpx client of the site with its cookies; `login`
  goes through the real form, CSRF token included.
Pages are read-mostly; tests that change data (acknowledge, reply) use items of their own.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from coalition.accounts import Accounts
from coalition.api.app import create_app
from coalition.api.settings import ApiSettings
from coalition.cli.demo import SAMPLES, sample_root
from coalition.exchange import ExchangeService, KeyStoreSigner, RequestDraft, WarningDraft
from coalition.exchange import Principal as ExchangePrincipal
from coalition.ledger import Draft, KeyStore, Ledger, Position
from coalition.model import Entity
from coalition.monitor import Monitor
from coalition.monitor.alerts import watch_entity
from coalition.monitor.repository import MonitorRepository
from coalition.sources.pipeline import import_path
from coalition.store import DatasetInfo, Store
from tests.conftest import pg_schema

PASSWORD = "correct horse battery"
USERS = {  # username: (member, role)
    "fr-analyst": ("fr", "analyst"),
    "fr-screener": ("fr", "screener"),
    "fr-admin": ("fr", "admin"),
    "de-analyst": ("de", "analyst"),
    "it-analyst": ("it", "analyst"),
}
LISTED = "un-sc-XQi.001"  # MUHAMMAD ABDALLAH SALIH AL-JARBANI in the UN sample


@dataclass
class Site:
    url: str
    store: Store
    exchange: ExchangeService
    home: Path
    desk: ExchangePrincipal  # the German user who issues the items
    items: dict[str, str] = field(default_factory=dict)

    def warn(self, title: str, recipients: list[str], tlp: str = "AMBER") -> str:
        return self.exchange.warn(self.desk, WarningDraft(
            title=title, text=f"{title}.\nSecond paragraph.", severity="high", tlp=tlp,
            recipients=recipients, subjects=[f"entity:{LISTED}"]))

    def ask(self, title: str, recipients: list[str]) -> str:
        return self.exchange.request(self.desk, RequestDraft(
            title=title, questions=["Where is he now?", "Which accounts does he use?"],
            recipients=recipients, due="2030-01-01"))


def _small_list(store: Store) -> None:
    """Two editions of a list the tests write: one entity changed, one added, one removed."""
    def person(ref: str, name: str, birth: str) -> Entity:
        e = Entity("Person", f"ftm-web-{ref}", dataset="ftm-web", reference=f"ftm-web:{ref}")
        e.add("name", name)
        e.add("birthDate", birth)
        return e

    info = DatasetInfo("ftm-web", "Web test list", publisher="Test publisher")
    for date, people in (("2026-01-01", [("a", "Alpha Kept", "1970"), ("b", "Bravo Removed",
                                                                      "1971")]),
                         ("2026-02-01", [("a", "Alpha Kept", "1970-05"), ("c", "Charlie Added",
                                                                          "1972")])):
        store.write_edition(info, list_date=date, content_hash=f"web-{date}", format="ftm",
                            source=None, entities=[person(*p) for p in people])


def _news(store: Store, folder: Path) -> None:
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Fezzan raid\n\nSABHA, 3 March 2026 - Muhammad Abdallah Salih al-Jarbani and "
        "Katibat al-Najm al-Sati were named by officials after the raid in southern Libya.\n",
        encoding="utf-8")
    (folder / "two.txt").write_text(
        "Supply routes\n\nNIAMEY, 5 March 2026 - Katibat al-Najm al-Sati moved fighters "
        "north, according to a report. Interior Minister Tomas Brandt met Colonel Idris "
        "Fenwick in Niamey on Thursday. Brandt called for closer cooperation between the "
        "border services.\n", encoding="utf-8")
    Monitor(store, nlp=True).ingest([str(folder)])


def _build(home: Path, url: str) -> Site:
    store = Store(url)
    keys = KeyStore(home / "keys")
    for name, list_date in SAMPLES:
        import_path(store, sample_root() / name, list_date=list_date, ledger_keys=home / "keys")
    _small_list(store)
    ledger = Ledger(store, keys)
    for mid, name, country in (("fr", "France, Ministry for Europe and Foreign Affairs", "fr"),
                               ("de", "Germany, Federal Foreign Office", "de"),
                               ("it", "Italy, Ministry of Foreign Affairs", "it")):
        ledger.add_member(mid, name, country=country, kind="foreign-ministry")
    ledger.record(Draft("fr", LISTED, Position.OBJECTS, "no evidence shared with France",
                        "2020-01-01", reasons="test objection"))
    accounts = Accounts(store)
    for username, (member, role) in USERS.items():
        accounts.add_user(username, member, role, password=PASSWORD)
    exchange = ExchangeService(store, signer=KeyStoreSigner(keys))
    desk_user, _ = exchange.create_user("de", "de-desk")
    site = Site("", store, exchange, home, ExchangePrincipal("de", desk_user.id))
    site.items["warning"] = site.warn("Convoy expected near Sabha", ["fr"])
    site.items["request"] = site.ask("Whereabouts of al-Jarbani", ["fr"])
    site.items["secret"] = site.warn("Italian eyes only", ["it"])
    _news(store, home / "news")
    site.items["story"] = next(s["id"] for s in MonitorRepository(store.engine).stories()
                               if s["title"] == "Supply routes")
    return site


@contextmanager
def _serve(built: Site) -> Iterator[Site]:
    """The site's application on a real uvicorn server on 127.0.0.1, for as long as needed."""
    home = built.home
    env = {"COALITION_HOME": str(home), "COALITION_DB": built.store.url}
    app = create_app(ApiSettings.from_env(env, preload_index=False), store=built.store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    built.url = f"http://127.0.0.1:{port}"
    try:
        yield built
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        built.store.close()


def _home(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    home = tmp_path_factory.mktemp(name) / "home"
    home.mkdir()
    return home


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = _home(tmp_path_factory, "web")
    with _serve(_build(home, f"sqlite:///{home / 'coalition.db'}")) as built:
        yield built


@pytest.fixture(scope="session")
def pg_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The same site on PostgreSQL, in a schema of its own dropped afterwards (skips, or fails
    under COALITION_REQUIRE_POSTGRES=1, when PostgreSQL is not there)."""
    with pg_schema() as url, _serve(_build(_home(tmp_path_factory, "web-pg"), url)) as built:
        yield built


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_site(request: pytest.FixtureRequest) -> Site:
    """The site on each database (the representative flows run on both)."""
    name = "site" if request.param == "sqlite" else "pg_site"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def seeded(datasets: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site with the real seed texts ingested with NER, `fr` watching ISIS."""
    seeds = datasets / "news" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent")
    home = _home(tmp_path_factory, "web-seeds")
    with _serve(_build(home, f"sqlite:///{home / 'coalition.db'}")) as site:
        monitor = Monitor(site.store, exchange=(site.exchange, site.desk))
        watch_entity(monitor.repo, "fr", "ISIS")
        report = monitor.ingest([str(seeds)])
        assert report.problems == [] and report.articles >= 10 and report.warnings >= 3
        yield site


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    form = client.get("/ui/login")
    return client.post("/ui/login", data={"username": username, "password": password,
                                          "csrf_token": csrf_of(form.text)})


@pytest.fixture
def client(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, follow_redirects=False, timeout=30) as c:
        yield c
