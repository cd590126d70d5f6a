import pytest

from coalition.model.countries import to_code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Syrian Arab Republic", "sy"),
        ("Syria", "sy"),
        ("SY", "sy"),
        ("Iran (Islamic Republic of)", "ir"),
        ("Democratic Republic of the Congo", "cd"),
        ("Russian Federation", "ru"),
        ("Россия", "ru"),
        ("United Kingdom of Great Britain and Northern Ireland", "gb"),
        ("Kosovo", "xk"),
        ("USSR", "suhh"),
        ("Côte d'Ivoire", "ci"),
        ("AFG", "af"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_to_code(name: str, code: str | None) -> None:
    assert to_code(name) == code
