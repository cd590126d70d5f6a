"""The OFAC Remarks parser: table-driven cases of valid, messy and unknown remark items."""

from __future__ import annotations

import pytest

from coalition.sources.us_ofac.remarks import Fact, RemarkParser, parse_dob, split_remarks

PARSER = RemarkParser()


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("DOB 1958; POB Jeddah, Saudi Arabia.", ["DOB 1958", "POB Jeddah, Saudi Arabia"]),
        ("a.k.a. 'AL-QA'IDA; THE BASE'; Linked To: X.", ["a.k.a. 'AL-QA'IDA; THE BASE'",
                                                         "Linked To: X"]),
        ("Ba'th party member; DOB 1950", ["Ba'th party member", "DOB 1950"]),
        ("a.k.a. 'OPEN; nationality Iran", ["a.k.a. 'OPEN", "nationality Iran"]),  # never closed
        ("  ;; DOB 1950;  ", ["DOB 1950"]),
        ("", []),
    ],
)
def test_split_remarks(text: str, items: list[str]) -> None:
    assert split_remarks(text) == items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01 Jan 1958", ["1958-01-01"]),
        ("Jan 1958", ["1958-01"]),
        ("1958", ["1958"]),
        ("circa 1951", ["1951"]),
        ("1960 to 1962", ["1960", "1961", "1962"]),
        ("01 Jan 1960 to 31 Dec 1961", ["1960", "1961"]),
        ("between 1968 and 1970", ["1968", "1969", "1970"]),
        ("circa 1979-1982", ["1979", "1980", "1981", "1982"]),
        ("1900 to 1990", None),  # an absurd range is refused, not expanded
        ("sometime", None),
        ("31 Feb 1970", None),
    ],
)
def test_parse_dob(text: str, expected: list[str] | None) -> None:
    assert parse_dob(text) == expected


def facts(item: str) -> list[tuple[str, str | None, str]]:
    return [(f.kind, f.prop, f.value) for f in PARSER.parse_item(item)]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("DOB 30 Jul 1957", [("prop", "birthDate", "1957-07-30")]),
        ("alt. DOB 1958", [("prop", "birthDate", "1958")]),
        ("DOB circa 1944", [("prop", "birthDate", "1944")]),
        ("DOB not known", [("invalid", "birthDate", "not known")]),
        ("POB Jeddah, Saudi Arabia", [("prop", "birthPlace", "Jeddah, Saudi Arabia"),
                                      ("prop", "birthCountry", "Saudi Arabia")]),
        ("alt. POB Yemen", [("prop", "birthPlace", "Yemen")]),
        ("nationality Korea, North", [("prop", "nationality", "Korea, North")]),
        ("citizen Mexico", [("prop", "citizenship", "Mexico")]),
        ("Gender Female", [("prop", "gender", "Female")]),
        ("a.k.a. 'ABU HAFS'", [("name", "weakAlias", "ABU HAFS")]),
        ("f.k.a. 'OLD NAME LTD'", [("name", "weakAlias", "OLD NAME LTD")]),
        ("a.k.a. 'ABU X' (strong)", [("name", "alias", "ABU X")]),
        ("n.k.a. 'NEW NAME'", [("name", "weakAlias", "NEW NAME")]),
        ("Linked To: HIZBALLAH", [("link", None, "HIZBALLAH")]),
        ("(Linked To: HAMAS)", [("link", None, "HAMAS")]),
        ("Vessel Registration Identification IMO 9074729",
         [("prop", "imoNumber", "9074729")]),
        ("Company Number IMO 5814866", [("prop", "imoNumber", "5814866")]),
        ("Vessel Registration Identification IMO 15411", [("invalid", "imoNumber", "15411")]),
        ("MMSI 422000001", [("prop", "mmsi", "422000001")]),
        ("Website www.example.org", [("prop", "website", "www.example.org")]),
        ("Email Address someone@example.org", [("prop", "email", "someone@example.org")]),
        ("alt. Phone Number 98218852", [("prop", "phone", "98218852")]),
        ("Organization Established Date 1969", [("prop", "incorporationDate", "1969")]),
        ("Organization Type: Passenger air transport",
         [("prop", "sector", "Passenger air transport")]),
        ("Title Director", [("prop", "position", "Director")]),
        ("Aircraft Manufacturer's Serial Number (MSN) 1023409321",
         [("prop", "serialNumber", "1023409321")]),
        ("Aircraft Model IL76-TD", [("prop", "model", "IL76-TD")]),
        ("Additional Sanctions Information - Subject to Secondary Sanctions",
         [("sanction", None, "Additional Sanctions Information - Subject to Secondary Sanctions")]),
        ("Secondary sanctions risk: section 1(b) of Executive Order 13224",
         [("sanction", None, "Secondary sanctions risk: section 1(b) of Executive Order 13224")]),
        ("Executive Order 13846 information: LOANS FROM UNITED STATES FINANCIAL INSTITUTIONS",
         [("sanction", None,
           "Executive Order 13846 information: LOANS FROM UNITED STATES FINANCIAL INSTITUTIONS")]),
        ("all offices worldwide", [("note", None, "all offices worldwide")]),
        ("Digital Currency Address - XBT 1FakeAddr9xyz",
         [("identifier", None, "1FakeAddr9xyz")]),
        ("Cedula No. 7548733 (Colombia)", [("identifier", "idNumber", "7548733")]),
        ("SSN 123-45-6789 (United States)", [("identifier", "idNumber", "123-45-6789")]),
        ("Tax ID No. 7744001497 (Russia)", [("identifier", "taxNumber", "7744001497")]),
        ("Registration ID 14063277", [("identifier", "registrationNumber", "14063277")]),
        ("Identification Number 321284198607120616 (China)",
         [("identifier", "idNumber", "321284198607120616")]),
        ("National ID No. 216040 (Yemen)", [("identifier", "idNumber", "216040")]),
        ("Legal Entity Number 253400V1H6ART1UQ0N98", [("identifier", "leiCode",
                                                       "253400V1H6ART1UQ0N98")]),
        ("Mystery Field 42", [("unknown", None, "Mystery Field 42")]),
        ("wife of Someone Else", [("unknown", None, "wife of Someone Else")]),
    ],
)
def test_parse_item(item: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert facts(item) == expected


def test_passport_with_country_and_dates() -> None:
    [fact] = PARSER.parse_item("Passport A1234567 (Iran) issued 01 Jan 2010 expires 31 Dec 2019")
    assert fact == Fact("identifier", "A1234567", prop="passportNumber", label="Passport",
                        country="Iran", issued="01 Jan 2010", expires="31 Dec 2019", passport=True)


def test_digital_currency_type_is_in_the_label() -> None:
    [fact] = PARSER.parse_item("alt. Digital Currency Address - ETH 0xabc123")
    assert (fact.label, fact.value) == ("Digital Currency Address - ETH", "0xabc123")


def test_unknown_label_is_the_words_before_the_number() -> None:
    [fact] = PARSER.parse_item("Pension Fund Number 8812 (Freedonia)")
    assert (fact.kind, fact.label) == ("unknown", "Pension Fund Number")


def test_title_column_repeated_in_remarks_is_recognised() -> None:
    found = PARSER.parse("DOB 1939; Lieutenant General, Minister of Defense.",
                         titles=("Lieutenant General, Minister of Defense",))
    assert [(f.kind, f.prop) for f in found] == [("prop", "birthDate"), ("title", "position")]


def test_a_whole_remarks_field() -> None:
    text = ("DOB 13 May 1965; alt. DOB 13 Apr 1968; POB Medellin, Colombia; "
            "Cedula No. 7548733 (Colombia); Passport AL720622 (Colombia); "
            "a.k.a. 'EL PATRON'; Linked To: BIO FORESTAL S.A.S.")
    kinds = [(f.kind, f.prop or f.label) for f in PARSER.parse(text)]
    assert kinds == [
        ("prop", "birthDate"), ("prop", "birthDate"), ("prop", "birthPlace"),
        ("prop", "birthCountry"), ("identifier", "idNumber"), ("identifier", "passportNumber"),
        ("name", "weakAlias"), ("link", "Linked To"),
    ]
    assert PARSER.parse(text)[-1].value == "BIO FORESTAL S.A.S"  # the final dot ends the field
