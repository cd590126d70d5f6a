"""Names packed into one value on the real lists come out one statement per name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.model import Entity, make_entity_id
from coalition.sources.aliases import UNSPLIT
from coalition.sources.base import ImportContext
from coalition.sources.pipeline import parse
from coalition.sources.registry import detect

pytestmark = pytest.mark.datasets


def imported(path: Path) -> tuple[ImportContext, dict[str, Entity]]:
    ctx, entities = parse(path, detect(path))
    return ctx, {e.id: e for e in entities}


def test_un_al_baghdadi_gets_each_name_on_its_own(datasets: Path) -> None:
    ctx, by_id = imported(datasets / "lists" / "un" / "UN_consolidated_2026-02-27.xml")
    baghdadi = by_id[make_entity_id("un-sc", "QDi.299")]
    weak = {s.value: s for s in baghdadi.statements_of("weakAlias")}
    published = ("أبو بكر البغدادي الحسيني القريشي (Abu Bakr al-Baghdadi al-Husayni "
                 "al-Quraishi; Abu Bakr al-Baghdadi)")
    for name in ("Abu Bakr al-Baghdadi al-Husayni al-Quraishi", "Abu Bakr al-Baghdadi",
                 "أبو بكر البغدادي الحسيني القريشي"):
        assert weak[name].original_value == published
        assert weak[name].reference == "un-sc:QDi.299"
    assert weak["أبو بكر البغدادي الحسيني القريشي"].lang == "ara"
    # Abu Du'a: the alias is published in Arabic, its spellings in the alias's note
    assert {"أبو دعاء", "Abu Du’a", "Abu Duaa’"} <= set(weak)
    assert not [v for v in baghdadi.get("weakAlias") + baghdadi.get("alias") if ";" in v]
    hts = by_id[make_entity_id("un-sc", "QDe.137")]
    assert {"HTS", "Hay’at Tahrir al-Sham", "هيئة تحرير الشام", "Jabhat al-Nusrah",
            "Assembly for the Liberation of Syria"} <= set(hts.get("alias"))
    assert not [f for f in ctx.report.findings.values() if f.kind != UNSPLIT]


def test_ofac_remark_akas_behind_an_apostrophe_and_in_stray_quotes(datasets: Path) -> None:
    _, by_id = imported(datasets / "lists" / "us-ofac" / "sdn_2024-05-03.csv")
    thabit = by_id[make_entity_id("us-ofac-sdn", "10475")]
    assert "THABIT, Shaykh Abu" in thabit.get("weakAlias")
    assert thabit.get("birthPlace") == ["'Aniza, Saudi Arabia"]
    shahlai = by_id[make_entity_id("us-ofac-sdn", "11177")]
    assert "ABU-AL-KARKH, Yusuf" in shahlai.get("weakAlias")
    assert not [v for v in shahlai.get("weakAlias") if "'" in v]


def test_ofac_alt_name_with_its_acronym(datasets: Path) -> None:
    _, by_id = imported(datasets / "lists" / "us-ofac" / "sdn_2021-07-07")
    iju = by_id[make_entity_id("us-ofac-sdn", "9334")]
    assert {"ISLAMIC JIHAD UNION", "IJU"} <= set(iju.get("alias"))
    assert "ISLAMIC JIHAD UNION (IJU)" not in iju.get("alias")


def test_uk_cells_holding_two_names(datasets: Path) -> None:
    ctx, by_id = imported(datasets / "lists" / "gb-ofsi" / "ConList_2025-04-10.xlsx")
    dana = by_id[make_entity_id("gb-ofsi", "14035")]
    assert dana.get("name") == ["DANA HOLDINGS"]
    assert "DANA ASTRA" in dana.get("alias")
    mostotrest = by_id[make_entity_id("gb-ofsi", "13701")]
    assert {"MOSTOTREST", "OPEN JOINT STOCK COMPANY 'MOSTOTREST'"} <= set(
        mostotrest.get("alias"))
    kept = [f for f in ctx.report.findings.values() if f.kind == UNSPLIT]
    assert kept and all(f.examples for f in kept)


def test_eu_name_cell_with_three_names(datasets: Path) -> None:
    _, by_id = imported(datasets / "lists" / "eu" / "eu_sanctions_2025-04.json")
    hydromash = by_id[make_entity_id("eu-fsf", "166781")]
    assert hydromash.get("name") == ["JSC Hydromash"]
    aliases = {s.value: s for s in hydromash.statements_of("alias")}
    assert (aliases["NJSC Hydromash"].original_value or "").startswith(
        "JSC Hydromash; NJSC Hydromash;")
    sig = by_id[make_entity_id("eu-fsf", "3846")]
    assert {"Organization of Special Industries", "Special Group"} <= set(sig.get("alias"))


def test_au_previously_listed_name_and_its_arabic_spelling(datasets: Path) -> None:
    _, by_id = imported(datasets / "lists" / "au-dfat" / "regulation8_consolidated.xlsx")
    hijazi = by_id[make_entity_id("au-dfat", "199")]
    assert "Ri'ad Muhammad Hasan Muhammad Hijazi" in hijazi.get("previousName")
    arabic = [s for s in hijazi.statements_of("alias") if s.value == "رياض محمد حسن محمد الحجازي"]
    assert arabic and arabic[0].lang == "ara"
