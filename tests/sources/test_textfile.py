from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.sources.textfile import MAX_FIELD, decode, read_csv


def test_utf8_then_fallback(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes("Иванов;Иван\n".encode("cp1251"))
    with pytest.raises(InputError, match=r"a.csv:line 1.*tried utf-8"):
        decode(p)
    text, enc = decode(p, ("cp1251",))
    assert text.startswith("Иванов") and enc == "cp1251"


def test_bom_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"\xef\xbb\xbfid,name\n")
    assert decode(p)[0] == "id,name\n"


def test_binary_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="binary"):
        decode(p)


def test_huge_field_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('1,"ok"\n2,"' + "x" * (MAX_FIELD + 10) + '"\n')
    rows = read_csv(p)
    assert next(rows) == (1, ["1", "ok"])
    with pytest.raises(InputError, match=r"a.csv:line \d+"):
        next(rows)


def test_field_limit_holds_when_another_library_raised_it(tmp_path: Path) -> None:
    import csv

    p = tmp_path / "a.csv"
    p.write_text('1,"' + "x" * (MAX_FIELD + 10) + '"\n')
    before = csv.field_size_limit(1 << 30)  # as followthemoney does on import
    try:
        with pytest.raises(InputError, match=r"a.csv:line \d+"):
            list(read_csv(p))
    finally:
        csv.field_size_limit(before)
