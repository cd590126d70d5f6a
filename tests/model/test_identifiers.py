import pytest

from coalition.model.identifiers import IMO


@pytest.mark.parametrize(
    ("text", "valid", "normal"),
    [
        ("9176187", True, "IMO9176187"),
        ("IMO 9176187", True, "IMO9176187"),
        ("imo9176187", True, "IMO9176187"),
        ("IMO: 9176187", True, "IMO9176187"),
        ("9176188", False, None),  # wrong check digit
        ("917618", False, None),
        ("91761870", False, None),
        ("", False, None),
        ("IMO abcdefg", False, None),
    ],
)
def test_imo(text: str, valid: bool, normal: str | None) -> None:
    assert IMO.is_valid(text) is valid
    assert IMO.normalize(text) == normal
    assert IMO.format(text) == (normal or text)
