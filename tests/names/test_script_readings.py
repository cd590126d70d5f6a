"""Names in other scripts, one table per script path: Han (pinyin and Korean readings), Hangul
(Revised Romanization and McCune-Reischauer), Japanese, Arabic names written in Cyrillic,
Russian names in Cyrillic, and the Persian, Pashto and Urdu letters. The names are spellings
the UN, UK and EU lists publish (original script and Latin)."""

from __future__ import annotations

import pytest

from coalition.names.forms import Kind, analyse
from coalition.names.han import hanja_hangul, person_characters
from coalition.names.hangul import initial_sound_law, mr, rr
from coalition.names.phonetic import abjad_keys, cyrillic_key_text
from coalition.names.readings import readings
from coalition.names.tables import letters
from coalition.names.translit import romanise


def texts(name: str) -> list[str]:
    return [w.text for w in romanise(name)]


# Han: a person's name as pinyin writes it (UK list: Gaobin NI, Wei ZHAO, Guangzong ZHAO,
# Jin TIESAN), an organisation's syllable by syllable, a name in parts each as one word.
@pytest.mark.parametrize(("name", "expected"), [
    ("倪高彬", ["ni", "gaobin"]),
    ("赵伟", ["zhao", "wei"]),
    ("赵光宗", ["zhao", "guangzong"]),
    ("金铁三", ["jin", "tiesan"]),
    ("王小明", ["wang", "xiaoming"]),
    ("王 小明", ["wang", "xiaoming"]),
    ("单雄信", ["shan", "xiongxin"]),
    ("吕布", ["lu", "bu"]),
    ("保利科技有限公司", ["bao", "li", "ke", "ji", "you", "xian", "gong", "si"]),
])
def test_han_reads_in_pinyin(name: str, expected: list[str]) -> None:
    assert texts(name) == expected
    assert all(w.script == "han" for w in romanise(name))


@pytest.mark.parametrize(("name", "korean", "latin"), [
    ("金正恩", ("김정은", "김정은"), "kim jongun"),
    ("姜文吉", ("강문길", "강문길"), "kang munkil"),
    ("崔龍海", ("최룡해", "최용해"), "choe ryonghae"),
    ("李明博", ("리명박", "이명박"), "lee myeongbak"),
])
def test_hanja_reads_as_korean(name: str, korean: tuple[str, str], latin: str) -> None:
    assert hanja_hangul(name) == korean
    assert latin in readings(name)


def test_korean_readings_of_han_keep_the_given_name_in_one_word() -> None:
    found = readings("王小明")
    assert "wang somyong" in found
    assert all(len(r.split()) == 2 for r in found)


@pytest.mark.parametrize(("name", "chars"), [
    ("金正恩", "金正恩"), ("金 正恩", "金正恩"), ("阿不都·哈克", None),
    ("長安海連技術有限公司", None), ("金", None), ("Kim 正恩", None),
])
def test_person_characters(name: str, chars: str | None) -> None:
    assert person_characters(name) == chars


# Hangul: the UK list's DPRK persons (Hangul / Latin as published).
@pytest.mark.parametrize(("hangul", "rr_form", "listed"), [
    ("김정은", "gim jeong eun", "kim jong un"),
    ("리창호", "ri chang ho", "ri chang ho"),
    ("리송진", "ri song jin", "ri song jin"),
    ("신금철", "sin geum cheol", "sin kum chol"),
    ("노광철", "no gwang cheol", "no kwang chol"),
    ("김영복", "gim yeong bok", "kim yong pok"),
])
def test_hangul_romanises_to_the_spellings_the_lists_use(
        hangul: str, rr_form: str, listed: str) -> None:
    assert texts(hangul) == rr_form.split()
    assert listed in (*readings(hangul), rr_form)


@pytest.mark.parametrize(("syllable", "rr_form", "mr_form"), [
    ("박", "bak", "pak"), ("최", "choe", "choe"), ("정", "jeong", "jong"),
    ("은", "eun", "un"), ("철", "cheol", "chol"), ("룡", "ryong", "ryong"),
    ("평", "pyeong", "phyong"), ("택", "taek", "thaek"), ("희", "hui", "hui"),
])
def test_hangul_syllables(syllable: str, rr_form: str, mr_form: str) -> None:
    assert (rr(syllable), mr(syllable)) == (rr_form, mr_form)


def test_mr_writes_j_also_as_ch() -> None:
    assert "chang myong chin" in readings("장명진")  # UN KPi.007 CHANG MYONG-CHIN
    assert "jang myong jin" in readings("장명진")    # its alias Jang Myong-Jin


@pytest.mark.parametrize(("name", "spelling"), [
    ("이명박", "lee myeong bak"), ("박근혜", "park geun hye"), ("최룡해", "choi ryong hae"),
    ("김정은", "kim jeong eun"),
])
def test_family_spellings_of_korean_surnames(name: str, spelling: str) -> None:
    assert spelling in readings(name)


@pytest.mark.parametrize(("north", "south"), [
    ("리", "이"), ("류", "유"), ("로", "노"), ("녀", "여"), ("림", "임"), ("김", "김"),
])
def test_initial_sound_law(north: str, south: str) -> None:
    assert initial_sound_law(north) == south


@pytest.mark.parametrize("name", [
    "Ayman al-Zawahiri", "Айман аз-Завахири", "أيمن الظواهري", "カザン火薬工場", "Müller",
])
def test_names_in_scripts_with_one_reading_have_no_readings(name: str) -> None:
    assert readings(name) == ()


def test_japanese_goes_through_anyascii() -> None:
    assert texts("カザン火薬工場")[0] == "kazan"


# Arabic names written in Cyrillic (the RU list, UN original-script names) meet the Latin
# spellings of the other lists: в as w, х as h, the articles, ибн/бин, Абу, Абд.
@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Айман аз-Завахири", "Ayman al-Zawahiri"),
    ("Абу Бакр аль-Багдади", "Abu Bakr al-Baghdadi"),
    ("Абд ар-Рахман", "Abd al-Rahman"),
    ("Абдуррахман", "Abdul Rahman"),
    ("Абдель Керим", "Abdel Karim"),
    ("Усама бен Ладен", "Usama bin Laden"),
    ("Сирадж ад-Дин Хаккани", "Siraj ad-Din Haqqani"),
    ("Мухаммад ибн Давуд", "Muhammad ibn Dawud"),
    ("Джабхат ан-Нусра", "Jabhat al-Nusra"),
    ("Харакат аш-Шабааб", "Harakat al-Shabaab"),
])
def test_arabic_names_in_cyrillic_meet_their_latin_spellings(cyrillic: str,
                                                             latin: str) -> None:
    a, b = analyse(cyrillic, organisation=False), analyse(latin, organisation=False)
    assert [t.key for t in a.tokens] == [t.key for t in b.tokens]
    assert [t.kind for t in a.tokens] == [t.kind for t in b.tokens]
    assert [t.shape for t in a.tokens] == [t.shape for t in b.tokens]


def test_cyrillic_connective_is_a_connective() -> None:
    kinds = [t.kind for t in analyse("Усама бен Ладен", organisation=False).tokens]
    assert kinds == [Kind.NAME, Kind.CONNECTIVE, Kind.NAME]


# Russian names keep matching their Latin forms (UN QDi.290, QDi.397, RU list).
@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Георгий Жуков", "Georgy Zhukov"),
    ("Юрий Хабаров", "Yuri Khabarov"),
    ("Владимир Лавров", "Vladimir Lavrov"),
    ("Доку Хаматович Умаров", "Doku Khamatovich Umarov"),
    ("Айрат Насимович Вахитов", "Ayrat Nasimovich Vakhitov"),
    ("Иван Ковалёв", "Ivan Kovalev"),
])
def test_russian_names_in_cyrillic_keep_their_latin_spelling(cyrillic: str,
                                                             latin: str) -> None:
    assert analyse(cyrillic).texts == analyse(latin).texts


@pytest.mark.parametrize(("text", "expected"), [
    ("zavakhiri", "zawakhiri"), ("davud", "dawud"), ("vladimir", "vladimir"),
    ("zhukov", "zhukov"), ("lavrov", "lavrov"), ("kovalev", "kowalev"),
])
def test_cyrillic_v_reads_as_w_between_vowels(text: str, expected: str) -> None:
    assert cyrillic_key_text(text) == expected


# Persian, Pashto and Urdu letters all romanise through the abjad table.
@pytest.mark.parametrize("letter", list("پچژگکیټډړښږځڅڼۍېےںھٹڈڑۀ"))
def test_persian_pashto_urdu_letters_are_in_the_table(letter: str) -> None:
    assert letters("abjad").get(letter)
    (word,) = romanise("ا" + letter + "ا")
    assert word.abjad and len(word.text) > 2 and word.text.isascii()


@pytest.mark.parametrize(("latin", "abjad"), [
    ("zadran", "ځدران"),        # UN TAi.171 ZADRAN, محمد عمر ځدران
    ("achekzai", "اچکزی"),      # UN TAi.160 ACHEKZAI
    ("gidar", "گیدڑ"),          # UN QDe.160 TARIQ GIDAR GROUP
    ("pakistan", "پاکستان"),    # UN QDe.132
    ("akhundzada", "آخوندزاده"),  # UN TAi.083
])
def test_persian_pashto_urdu_names_meet_their_latin_spelling(latin: str, abjad: str) -> None:
    (word,) = romanise(abjad)
    assert set(abjad_keys(latin, False)) & set(abjad_keys(word.text, True))
