"""The web pages show the real-world entity: once the UN and OFAC records of al-Jarbani are
judged the same person, the screening page lists him once with both records and his dossier,
opened by either record, holds every list's values with the records that give them.

The app runs in-process (httpx's ASGI transport) over a store of its own, since the judgement
would change what the shared site's other tests see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coalition.accounts import Accounts
from coalition.cli.demo import SAMPLES, sample_root
from coalition.ledger import KeyStore, Ledger
from coalition.ledger.links import Resolution
from coalition.sources.pipeline import import_path
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app
from tests.web.conftest import PASSWORD, csrf_of

UN, US = "un-sc-XQi.001", "us-ofac-sdn-990001"


@pytest.fixture
def analyst(store: Store, tmp_path: Path) -> Iterator[ApiClient]:
    home = tmp_path / "home"
    for name, list_date in SAMPLES:
        import_path(store, sample_root() / name, list_date=list_date, ledger_keys=home / "keys")
    Ledger(store, KeyStore(home / "keys")).add_member(
        "fr", "France, Ministry for Europe and Foreign Affairs", country="fr",
        kind="foreign-ministry")
    Accounts(store).add_user("fr-analyst", "fr", "analyst", password=PASSWORD)
    Resolution(store.engine).judge(UN, US, "same", author="fr",
                                   basis="same name, birth date and passport")
    client = ApiClient(make_app(store, home))
    form = client.get("/ui/login")
    logged = client.post("/ui/login", data={"username": "fr-analyst", "password": PASSWORD,
                                            "csrf_token": csrf_of(form.text)})
    assert logged.status_code in (302, 303), logged.text
    yield client
    client.close()


def test_the_screening_page_lists_the_entity_once(analyst: ApiClient) -> None:
    page = analyst.get("/ui/screen", params={"name": "Mohamed Abdalla Saleh al-Garbani",
                                             "birth_date": "1971-03-14"})
    assert page.status_code == 200
    assert page.text.count(f'href="/ui/entities/{UN}"') == 1
    assert f'href="/ui/entities/{US}"' not in page.text
    assert "Sources: un-sc:XQi.001, us-ofac-sdn:990001" in page.text


@pytest.mark.parametrize("asked", [UN, US])
def test_the_dossier_is_the_whole_entity(analyst: ApiClient, asked: str) -> None:
    page = analyst.get(f"/ui/entities/{asked}")
    assert page.status_code == 200, page.text
    html = page.text
    assert f"<code>{UN}</code>" in html and "on 2 lists: un-sc, us-ofac-sdn" in html
    names = html.split('id="names-h"')[1].split('id="ids-h"')[0]
    assert "MUHAMMAD ABDALLAH SALIH AL-JARBANI" in names  # the UN's spelling
    assert "AL-JARBANI, Mohammed Abdullah Saleh" in names  # OFAC's
    facts = html.split('id="facts-h"')[1].split('id="sources-h"')[0]
    # the birth date both lists give is one row naming both records
    assert facts.count("1971-03-14") == 1
    assert "un-sc:XQi.001, us-ofac-sdn:990001" in facts
    sources = html.split('id="sources-h"')[1].split('id="positions-h"')[0]
    assert "un-sc:XQi.001" in sources and "us-ofac-sdn:990001" in sources
    positions = html.split('id="positions-h"')[1].split('id="related-h"')[0]
    # both publishers' listings are positions on the one entity
    assert "UN Security Council <small>(unsc)</small>" in positions
    assert "United States <small>(us)</small>" in positions
