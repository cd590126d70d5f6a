"""The shared alias splitter: messy published values, the names they hold, what stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.model import Entity
from coalition.sources.aliases import (
    UNSPLIT,
    add_names,
    is_acronym_of,
    names_in_note,
    split_names,
)
from coalition.sources.base import ImportContext

A, W, P, N = "alias", "weakAlias", "previousName", "name"


@pytest.mark.parametrize(("text", "prop", "expected"), [
    # several transliterations behind a name in its own script
    ("أبو بكر البغدادي الحسيني القريشي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi; "
     "Abu Bakr al-Baghdadi)", W,
     [("أبو بكر البغدادي الحسيني القريشي", W), ("Abu Bakr al-Baghdadi al-Husayni al-Quraishi", W),
      ("Abu Bakr al-Baghdadi", W)]),
    # plain lists, lettered lists, numbered lists, a trailing separator
    ("Azim Adhajani; Azim Agha-Jani", A, [("Azim Adhajani", A), ("Azim Agha-Jani", A)]),
    ("Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet", A,
     [("Mohammed Sabet", A), ("Mohammad Sabet", A), ("M. Javad Kareemi Sabet", A)]),
    ("(1) Abu Omar (2) Abu Umar", A, [("Abu Omar", A), ("Abu Umar", A)]),
    ("ARFA;", A, [("ARFA", A)]),
    # a list inside the brackets, with a note of its own, behind a name and its acronym
    ("Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hayat Tahrir al-Sham)", A,
     [("Hay’at Tahrir al-Sham", A), ("HTS", A), ("هيئة تحرير الشام", A),
      ("Hayat Tahrir al-Sham", A)]),
    # the other script in brackets, or named by a note
    ("Jin Tiesan (金铁三)", A, [("Jin Tiesan", A), ("金铁三", A)]),
    ("Amir Khazmat (original script: Амир Хазмат)", W, [("Amir Khazmat", W), ("Амир Хазмат", W)]),
    ("Merai Zoghbai (previously listed as, in Arabic: مرعي زغبي)", A,
     [("Merai Zoghbai", P), ("مرعي زغبي", A)]),
    ("Agha Jan Alizai اغا جان عالیزی (formerly listed as)", A,
     [("Agha Jan Alizai", P), ("اغا جان عالیزی", P)]),
    # notes that say what kind of name it is
    ("EL PARA (COMBAT NAME)", A, [("EL PARA", A)]),
    ("Ezatullah Haqqani (previously listed as)", A, [("Ezatullah Haqqani", P)]),
    # markers inside the value
    ("DANA HOLDINGS A.K.A DANA ASTRA", N, [("DANA HOLDINGS", N), ("DANA ASTRA", A)]),
    ("Formerly known as Novy Svet Winery", A, [("Novy Svet Winery", P)]),
    ("Alpha Ltd f.k.a. Beta Ltd", A, [("Alpha Ltd", A), ("Beta Ltd", P)]),
    # a quoted nickname in brackets
    ("MAIN CENTRE FOR SPECIAL TECHNOLOGIES ('SANDWORM')", N,
     [("MAIN CENTRE FOR SPECIAL TECHNOLOGIES", N), ("SANDWORM", A)]),
    # acronyms, both ways round, with a slash
    ("AFGHAN SUPPORT COMMITTEE (ASC)", N, [("AFGHAN SUPPORT COMMITTEE", N), ("ASC", A)]),
    ("ADF (ALLIED DEMOCRATIC FORCES)", N, [("ADF", N), ("ALLIED DEMOCRATIC FORCES", A)]),
    ("Harakat Ul-Mujahidin / HUM", N, [("Harakat Ul-Mujahidin", N), ("HUM", A)]),
    ("Всероссийская государственная телевизионная и радиовещательная компания (ВГТРК)", N,
     [("Всероссийская государственная телевизионная и радиовещательная компания", N),
      ("ВГТРК", A)]),
    # line breaks wrap a name
    ("Muhammad\nJamal Abu Ahmad", A, [("Muhammad Jamal Abu Ahmad", A)]),
    # single names that only look like lists
    ("M AND S SYNDICATE (PVT) LTD.", A, [("M AND S SYNDICATE (PVT) LTD.", A)]),
    ("Sons of Iraq and Syria", A, [("Sons of Iraq and Syria", A)]),
    ("Abdullah bin Muhammad ibn Laden", A, [("Abdullah bin Muhammad ibn Laden", A)]),
    ("Akhter Mohmad son of Noor Mohmad", A, [("Akhter Mohmad son of Noor Mohmad", A)]),
    ("S.I. Vavilov Minsk Mechanical Plant", A, [("S.I. Vavilov Minsk Mechanical Plant", A)]),
    ("AL-BASHAIR TRADING COMPANY, LTD", N, [("AL-BASHAIR TRADING COMPANY, LTD", N)]),
    ("Ul-Haq, Dr. Amin", W, [("Ul-Haq, Dr. Amin", W)]),
    ("RIYADUS-SALIKHIN BATTALION OF SHAHIDS (MARTYRS)", A,
     [("RIYADUS-SALIKHIN BATTALION OF SHAHIDS (MARTYRS)", A)]),
    ("Газпромбанк (АО)", N, [("Газпромбанк (АО)", N)]),
    ("KOREA RYENHA MACHINERY J/V CORPORATION", A, [("KOREA RYENHA MACHINERY J/V CORPORATION", A)]),
    ("Организация за подпомагане на Ulema, Пакистан", A,
     [("Организация за подпомагане на Ulema, Пакистан", A)]),
    ("(Sheikh) Musa Hilal", W, [("(Sheikh) Musa Hilal", W)]),
    # a semicolon typed after an opening quote is no separator
    ("Wissenschaftseinrichtung „;Föderales Institut“", A,
     [("Wissenschaftseinrichtung „Föderales Institut“", A)]),
    # repeats are dropped
    ("MOSTOTREST; MOSTOTREST", A, [("MOSTOTREST", A)]),
])
def test_split_names(text: str, prop: str, expected: list[tuple[str, str]]) -> None:
    assert [(n.value, n.prop) for n in split_names(text, prop).names] == expected


@pytest.mark.parametrize(("text", "shape"), [
    ("New People’s Army/Communist Party of the Philippines", "names joined by '/'"),
    ("People’s Front (Halk Cephesi)", "a parenthesis of two or more words"),
])
def test_shapes_that_may_hold_names_are_kept_whole_and_named(text: str, shape: str) -> None:
    split = split_names(text, A)
    assert [n.value for n in split.names] == [text]
    assert split.kept_whole == (shape,)


@pytest.mark.parametrize(("short", "long", "expected"), [
    ("AQMI", "Al Qaïda au Maghreb islamique", True),
    ("GSPC", "Le Groupe Salafiste pour La Prédication et le Combat", True),
    ("LRM/A", "Lord’s Resistance Movement/Army", True),
    ("ISIL- K", "Islamic State in Iraq and the Levant - Khorasan", True),
    ("MARTYRS", "RIYADUS-SALIKHIN BATTALION OF SHAHIDS", False),
    ("UKRAINE", "VTB BANK, PJSC", False),
    ("Butaev", "Lom-ali Butayev", False),
    ("KPE.018", "SECOND ACADEMY OF NATURAL SCIENCES", False),
    ("A", "Army", False),
])
def test_is_acronym_of(short: str, long: str, expected: bool) -> None:
    assert is_acronym_of(short, long) is expected


def test_add_names_keeps_the_published_value_and_reports_what_stays_whole() -> None:
    ctx = ImportContext("un-sc", Path("list.xml"), "un-xml")
    entity = ctx.make("Organization", "QDe.1")
    add_names(ctx, entity, "alias", "Al Qaïda au Maghreb islamique (AQMI)", "QDe.1")
    add_names(ctx, entity, "alias", "حسن غول (Hassan Ghul; Hasan Gul)", "QDe.1",
              languages={"ARABIC": "ara"})
    add_names(ctx, entity, "alias", "Front/Army of the Base", "QDe.1")
    add_names(ctx, entity, "alias", "Plain Name", "QDe.1")
    by_value = {s.value: s for s in entity.statements_of("alias")}
    assert set(by_value) == {"Al Qaïda au Maghreb islamique", "AQMI", "حسن غول", "Hassan Ghul",
                             "Hasan Gul", "Front/Army of the Base", "Plain Name"}
    assert by_value["AQMI"].original_value == "Al Qaïda au Maghreb islamique (AQMI)"
    assert by_value["حسن غول"].lang == "ara" and by_value["Hasan Gul"].lang is None
    assert by_value["Plain Name"].original_value is None
    assert all(s.reference == "un-sc:QDe.1" for s in by_value.values())
    findings = [f for f in ctx.report.findings.values() if f.kind == UNSPLIT]
    assert [(f.detail, f.count, f.examples) for f in findings] == [
        ("Organization.alias: names joined by '/' kept as one name", 1, ["un-sc:QDe.1"])]


def test_an_empty_value_adds_nothing() -> None:
    ctx = ImportContext("un-sc", Path("list.xml"), "un-xml")
    entity: Entity = ctx.make("Person", "QDi.1")
    assert add_names(ctx, entity, "alias", "  ; ", "QDi.1").names == ()
    assert add_names(ctx, entity, "alias", None, "QDi.1").names == ()
    assert entity.get("alias") == []


@pytest.mark.parametrize(("note", "expected"), [
    ("(Abu Du’a; Abu Duaa’) prominently known by this nom de guerre", ["Abu Du’a", "Abu Duaa’"]),
    ("born in 1971 in Samarra, Iraq (Ibrahim ‘Awad al-Badri\nal-Samarrai; Dr. Ibrahim Awwad)",
     ["Ibrahim ‘Awad al-Badri al-Samarrai", "Dr. Ibrahim Awwad"]),
    ("(DPOB - 1977) - Passport No. 284173, expires 21 August 2005 (Iraq)", []),
    ("Passport number: B0515260; DOB: 1948; POB: Anefif (Kidal), Mali", []),
    ("(Date of issue: 10 Jan 2012; Place of issue: Bamako)", []),
])
def test_names_in_note(note: str, expected: list[str]) -> None:
    assert names_in_note(note) == expected
