"""Screening names in other scripts against a small list written like the real ones (Latin
names and aliases in the original script, as the UN, UK, EU and OFAC lists publish them):
Han read as Chinese and as Korean, Hangul, Arabic names in Cyrillic, Russian names, Pashto."""

from __future__ import annotations

import pytest
from screening_entities import person

from coalition.screening import Query, Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities([
        person("p-kju", "KIM JONG UN", "Kim Jong-un", birthDate="1984-01-08",
               nationality="kp"),
        person("p-kmk", "KANG MUN KIL", "Jiang Wen-ji", "姜文吉", nationality="kp"),
        person("p-kto", "KIM Tong-un", nationality="kp"),
        person("p-rch", "RI CHANG HO", "리창호", nationality="kp"),
        person("p-yun", "윤정린", nationality="kp"),
        person("p-hwa", "HWANG, Pyong So", nationality="kp"),
        person("p-nig", "Gaobin NI", "倪高彬", nationality="cn"),
        person("p-wms", "Mingshan WANG", "王明山", nationality="cn"),
        person("p-zaw", "Ayman al-Zawahiri", "AL-ZAWAHIRI, Ayman", nationality="eg"),
        person("p-bag", "Ibrahim Awwad Ibrahim Ali al-Badri", "Abu Bakr al-Baghdadi",
               nationality="iq"),
        person("p-zhu", "Georgy Konstantinovich Zhukov", nationality="ru"),
        person("p-kha", "Yuri Khabarov", nationality="ru"),
        person("p-vla", "Vladimir Vakhitov", nationality="ru"),
        person("p-zad", "Muhammad Omar Zadran", nationality="af"),
    ])


def results(screener: Screener, name: str) -> list[tuple[str, float, bool]]:
    return [(r.id, r.score, r.match) for r in screener.match(Query.build(name))]


@pytest.mark.parametrize(("name", "expected"), [
    ("金正恩", "p-kju"),                  # Hanja, read as Korean
    ("김정은", "p-kju"),                  # Hangul, read in McCune-Reischauer
    ("金 正恩", "p-kju"),
    ("姜文吉", "p-kmk"),
    ("Kang Mun Kil", "p-kmk"),
    ("리창호", "p-rch"),
    ("이창호", "p-rch"),                  # the same surname in South Korean spelling
    ("Yun Jong Rin", "p-yun"),            # listed in Hangul only
    ("倪高彬", "p-nig"),                  # Han, read in pinyin
    ("Ni Gaobin", "p-nig"),
    ("Айман аз-Завахири", "p-zaw"),       # an Arabic name written in Cyrillic
    ("Абу Бакр аль-Багдади", "p-bag"),
    ("Георгий Жуков", "p-zhu"),           # Russian names keep meeting their Latin forms
    ("Юрий Хабаров", "p-kha"),
    ("Владимир Вахитов", "p-vla"),
    ("محمد عمر ځدران", "p-zad"),          # Pashto ځ
])
def test_a_name_in_another_script_finds_its_entity_first(screener: Screener, name: str,
                                                       expected: str) -> None:
    found = results(screener, name)
    assert found and found[0][0] == expected and found[0][2], found[:3]


def test_kim_jong_un_in_hanja_is_not_kang_mun_kil(screener: Screener) -> None:
    found = {id: match for id, _, match in results(screener, "金正恩")}
    assert not found.get("p-kmk", False)


@pytest.mark.parametrize("name", ["王小明", "Wang Xiaoming", "李伟"])
def test_an_unlisted_chinese_name_matches_nothing(screener: Screener, name: str) -> None:
    assert not any(match for _, _, match in results(screener, name))


def test_korean_reading_of_a_chinese_name_meets_no_korean_name_syllable_by_syllable(
        screener: Screener) -> None:
    # 王小明 read as Korean is wang so myong, one letter from each of HWANG Pyong So's parts
    found = {id: match for id, _, match in results(screener, "王小明")}
    assert not found.get("p-hwa", False) and not found.get("p-wms", False)
