"""Name rules, one table per rule: romanisation, consonant keys, Arabic rules, legal forms,
honorifics, given names, initials."""

from __future__ import annotations

import pytest

from coalition.names.forms import Kind, analyse
from coalition.names.phonetic import (
    abjad_keys,
    consonant_key,
    long_vowels_agree,
    metaphone,
    shape_key,
)
from coalition.names.translit import romanise


def texts(name: str, *, organisation: bool = True) -> list[str]:
    return list(analyse(name, organisation=organisation).texts)


@pytest.mark.parametrize(("name", "expected"), [
    ("Müller-Lüdenscheidt", ["muller", "ludenscheidt"]),
    ("Владимир Путин", ["vladimir", "putin"]),
    ("Олександр Шевченко", ["oleksandr", "shevchenko"]),
    ("Хасан Ярошенко", ["khasan", "yaroshenko"]),
    ("Αλέξανδρος Τσίπρας", ["alexandros", "tsipras"]),
    ("习近平", ["xi", "jinping"]),
    ("Ma'ruf", ["maruf"]),
    ("J.S.C. ARGUMENT", ["j", "s", "c", "argument"]),
])
def test_romanise(name: str, expected: list[str]) -> None:
    assert [w.text for w in romanise(name)] == expected


@pytest.mark.parametrize(("name", "abjad"), [
    ("محمد", True), ("בנימין", True), ("محمود احمدی‌نژاد", True), ("Ivan", False),
    ("Иван", False),
])
def test_abjad_words_are_flagged(name: str, abjad: bool) -> None:
    assert all(w.abjad == abjad for w in romanise(name))


@pytest.mark.parametrize(("spellings", "key"), [
    (["muhammad", "mohammed", "mohamad", "muhammed", "mhmd"], "mhmd"),
    (["husayn", "hussein", "hossein", "husain", "hsyn"], "hsn"),
    (["zawahiri", "zawahry", "zwahry"], "zhr"),
    (["khalid", "halid", "khaled"], "hld"),
    (["qasim", "kasim", "kassem"], "ksm"),
    (["abdrahman", "bdrhmn"], "bdrhmn"),
])
def test_consonant_key_brings_spellings_together(spellings: list[str], key: str) -> None:
    assert {consonant_key(s) for s in spellings} == {key}


def test_metaphone() -> None:
    assert metaphone("Smith") == metaphone("Smyth")


@pytest.mark.parametrize(("name", "expected"), [
    ("Ayman al-Zawahiri", ["ayman", "zawahiri"]),
    ("Ayman el Zawahiri", ["ayman", "zawahiri"]),
    ("Alzawahiri", ["zawahiri"]),
    ("Nur ad-Din", ["nur", "din"]),
    ("Harakat ash-Shabaab", ["harakat", "shabaab"]),
    ("Jabhat an-Nusra", ["jabhat", "nusra"]),
    ("Ali an Ahmed", ["ali", "an", "ahmed"]),
])
def test_articles(name: str, expected: list[str]) -> None:
    assert texts(name, organisation=False) == expected


@pytest.mark.parametrize("name", [
    "Abd al-Rahman", "Abdul Rahman", "Abdurrahman", "Abdelrahman", "Abd-al-Rahman",
    "ABD AL RAHMAN", "Abdulrahman",
])
def test_abd_compounds_are_one_word(name: str) -> None:
    assert texts(name, organisation=False) == ["abdrahman"]


def test_abd_compound_in_arabic_script_has_the_same_key() -> None:
    (latin,) = analyse("Abd al-Rahman").tokens
    (arabic,) = analyse("عبد الرحمن").tokens
    assert latin.key == arabic.key == "bdrhmn" and arabic.abjad


@pytest.mark.parametrize(("name", "expected"), [
    ("Usama bin Laden", ["usama", "bin", "laden"]),
    ("Usama ibn Ladin", ["usama", "bin", "ladin"]),
    ("Mehrez ben Mahmoud", ["mehrez", "bin", "mahmoud"]),
    ("Ben Smith", ["ben", "smith"]),
    ("Abou Bakr", ["abu", "bakr"]),
])
def test_connectives_and_abu(name: str, expected: list[str]) -> None:
    assert texts(name, organisation=False) == expected
    kinds = [t.kind for t in analyse(name, organisation=False).tokens]
    assert (Kind.CONNECTIVE in kinds) == ("bin" in expected)


@pytest.mark.parametrize(("name", "expected"), [
    ("Sheikh Abdullah Azzam", ["abdullah", "azzam"]),
    ("Dr. Ayman Zawahiri", ["ayman", "zawahiri"]),
    ("Mullah Omar", ["omar"]),
    ("Sheikh", ["sheikh"]),
])
def test_honorifics_are_dropped(name: str, expected: list[str]) -> None:
    assert texts(name, organisation=False) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("OOO Argument", ["llc", "argument"]),
    ("ООО «Аргумент»", ["llc", "argument"]),
    ("Argument Limited Liability Company", ["argument", "llc"]),
    ("Argument, L.L.C.", ["argument", "llc"]),
    ("JSC Argument", ["jsc", "argument"]),
    ("Open Joint Stock Company Argument", ["jsc", "argument"]),
    ("Argument", ["argument"]),
])
def test_legal_forms(name: str, expected: list[str]) -> None:
    form = analyse(name)
    assert list(form.texts) == expected
    assert [t.kind == Kind.LEGAL_FORM for t in form.tokens] == [t in ("llc", "jsc")
                                                                for t in expected]


def test_legal_forms_are_left_alone_in_person_names() -> None:
    assert texts("Sa Ivanov", organisation=False) == ["sa", "ivanov"]


@pytest.mark.parametrize(("name", "canonical"), [
    ("Mohd", "muhammad"), ("Mehmet", "muhammad"), ("Abdallah", "abdullah"),
    ("Oleksandr", "aleksandr"), ("Alexander", "aleksandr"), ("Yury", "yuri"),
    ("Dmytro", "dmitry"), ("Youssef", "yusuf"),
])
def test_given_name_spellings(name: str, canonical: str) -> None:
    assert texts(name, organisation=False) == [canonical]


def test_initials() -> None:
    form = analyse("M. Ali", organisation=False)
    assert [t.kind for t in form.tokens] == [Kind.INITIAL, Kind.NAME]


def test_joined_and_split_names_share_a_compact_form() -> None:
    assert analyse("JSC ARGUMENT").compact == analyse("JSCARGUMENT").compact


@pytest.mark.parametrize(("a", "b"), [
    ("mohammed", "muhammad"), ("yusuf", "yousef"), ("hussein", "husayn"),
    ("varfolomeyev", "varfolomeev"), ("haqqani", "hakkani"),
])
def test_shape_key_agrees_on_spellings_of_one_name(a: str, b: str) -> None:
    assert shape_key(a) == shape_key(b)


@pytest.mark.parametrize(("a", "b"), [("lukasi", "aleksei"), ("blaine", "belan")])
def test_shape_key_parts_names_that_only_share_consonants(a: str, b: str) -> None:
    assert consonant_key(a) == consonant_key(b)
    assert shape_key(a) != shape_key(b)


@pytest.mark.parametrize(("name", "expected"), [
    ("New Oil Cmopany", ["new", "oil", "co"]),
    ("LIMITEk LIABILITd COMPANY Rusal", ["llc", "rusal"]),
    ("Holden Internatonal Limted", ["holden", "internatonal", "ltd"]),
])
def test_legal_forms_with_a_typo(name: str, expected: list[str]) -> None:
    assert texts(name) == expected


@pytest.mark.parametrize("word", ["compass", "limits", "stocks"])
def test_words_near_a_legal_form_but_not_one_typo_away_stay_names(word: str) -> None:
    assert texts(f"Alpha {word}") == ["alpha", word]


@pytest.mark.parametrize(("latin", "arabic"), [
    ("barich", "بريخ"), ("chouman", "شومان"), ("reza", "رضا"), ("hamzah", "حمزة"),
    ("nazir", "نذير"), ("gholam", "غلام"), ("ramadan", "رمضان"), ("jannati", "جنتی"),
])
def test_abjad_keys_meet_across_scripts(latin: str, arabic: str) -> None:
    word = romanise(arabic)[0]
    assert set(abjad_keys(latin, False)) & set(abjad_keys(word.text, True))


def test_abjad_keys_keep_different_consonants_apart() -> None:
    assert not set(abjad_keys("salim", False)) & set(abjad_keys(romanise("سلطان")[0].text, True))


@pytest.mark.parametrize(("latin", "arabic", "agree"), [
    ("salami", "سلامی", True), ("salimi", "سلامی", False), ("djouadi", "جوادي", True),
    ("usama", "أسامة", True), ("maychou", "مايشو", True), ("zahourian", "ظهوریان", True),
])
def test_long_vowels_of_an_abjad_word_sit_where_the_latin_vowels_are(
        latin: str, arabic: str, agree: bool) -> None:
    assert long_vowels_agree(romanise(arabic)[0].text, latin) is agree


def test_abd_compound_joined_in_arabic_script() -> None:
    assert analyse("عبدالخالق").tokens[0].key == analyse("عبد الخالق").tokens[0].key


@pytest.mark.parametrize(("name", "expected"), [
    ("حاجى مالك", ["malk"]), ("الشيخ يونس", ["ywns"]), ("ملا عمر", ["mr"]),
    ("عمر حسن", ["mr", "hsn"]), ("Mr Omar", ["omar"]),
])
def test_honorifics_in_arabic_script_are_dropped(name: str, expected: list[str]) -> None:
    assert texts(name, organisation=False) == expected
