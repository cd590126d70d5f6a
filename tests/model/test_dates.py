import pytest

from coalition.model.dates import expand_years, parse_date, precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1970", "1970"),
        ("1970-05", "1970-05"),
        ("1970-05-01", "1970-05-01"),
        ("1970-5-1", "1970-05-01"),
        ("1970-05-01T00:00:00", "1970-05-01"),
        ("01/05/1970", "1970-05-01"),
        ("1.5.1970", "1970-05-01"),
        ("05/1970", "1970-05"),
        ("01 May 1970", "1970-05-01"),
        ("May 1970", "1970-05"),
        ("12 Sept 1965", "1965-09-12"),
        (" 1970 ", "1970"),
        ("", None),
        ("unknown", None),
        ("1970-13-01", None),
        ("1970-02-30", None),
        ("0001", None),
        ("31/02/1970", None),
        ("Foo 1970", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_precision() -> None:
    assert [precision(p) for p in ("1970", "1970-05", "1970-05-01")] == ["year", "month", "day"]


def test_expand_years_bounds() -> None:
    assert expand_years(1968, 1970) == ["1968", "1969", "1970"]
    assert expand_years(1970, 1968) == []
    assert expand_years(1900, 2000) == []  # absurd range refused, not expanded
