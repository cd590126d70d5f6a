"""Plain-text pages: furniture dropped, glued articles split, titles, datelines and dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.monitor.datelines import date_line, dateline, find_date, weekday_before
from coalition.monitor.textclean import split_articles
from tests.monitor.conftest import GLUED


def test_glued_articles_are_split_and_cleaned() -> None:
    arts = split_articles(GLUED, "glued.txt")
    assert [a.title for a in arts] == ["Ministers Agree on Joint Watch Centre",
                                       "Border Talks Resume After Long Pause"]
    first, second = arts
    assert first.place == "Novograd" and first.published is None
    assert "Views" not in first.text and "latest updates" not in first.text
    assert second.published == "2015-03-06"
    assert "©" not in second.text and "Example Wire ," not in second.text
    assert "Example Wire , Friday 6 Mar 2015" in second.dropped


def test_trailer_drops_everything_after_it() -> None:
    text = ("A Title Here\n\nBody sentence one.\n\nSign up for our free weekly newsletter\n\n"
            "Once\nMonthly\nContinue\n")
    [art] = split_articles(text, "t.txt")
    assert art.text == "Body sentence one."


@pytest.mark.parametrize(("line", "expected"), [
    ("AFP , Tuesday 29 Sep 2015", "2015-09-29"),
    ("RT 27.06.2014", "2014-06-27"),
    ("11.11.2013 ITAR-TASS", "2013-11-11"),
    ("Last Updated: 07/27/2016", "2016-07-27"),
    ("The June 2012 document stipulates free elections", None),
    ("He said on 5 May 2015 that the talks had failed and would not resume", None),
])
def test_date_lines(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


def test_datelines_and_weekdays() -> None:
    d = dateline("MOSCOW, April 9 (RIA Novosti) – A cooperative effort")
    assert d is not None and (d.place, d.month, d.day, d.year) == ("Moscow", 4, 9, None)
    assert dateline("Moscow said on April 9 that") is None
    assert find_date("Sept. 28, 2015, at headquarters") == "2015-09-28"
    assert weekday_before("2015-09-29", "Monday") == "2015-09-28"
    assert weekday_before("2015-09-29", "tuesday") == "2015-09-29"


ONCE_THEN_TWICE = """Council Opens Its Winter Session — Varga

“We meet because the border is not safe,” Varga said

Material has 1 page

NOVOGRAD, January 12. /Example Agency/. The council opened its winter session on Monday.

“We meet because the border is not safe,” Varga said.

Delegates will hear reports from the border services.

Harbour Reopens After Storm

Harbour Reopens After Storm

NOVOGRAD, January 13 (Example Wire) – The harbour reopened on Tuesday after a storm.
"""


def test_first_title_printed_once_and_a_repeated_standfirst() -> None:
    first, second = split_articles(ONCE_THEN_TWICE, "page.txt")
    assert first.title == "Council Opens Its Winter Session — Varga"
    assert second.title == "Harbour Reopens After Storm"
    assert first.text.startswith("NOVOGRAD, January 12.")  # the standfirst copy is gone
    assert first.text.count("the border is not safe") == 1
    assert first.place == "Novograd" and "Material has 1 page" in first.dropped
    assert second.text.startswith("NOVOGRAD, January 13")


def test_seed_page_of_glued_articles(datasets: Path) -> None:
    path = datasets / "news" / "seeds" / "001_e3cff23ac7bbeae5.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    arts = split_articles(path.read_text(encoding="utf-8"), path.name)
    # Seven articles: six with the headline printed twice, and the first, whose headline is
    # printed once and followed by a pull quote that the body repeats.
    assert [a.title.split()[0] for a in arts] == [
        "NATO", "Russian", "International", "Russia", "Saudi", "Russian-Lead", "General"]
    assert arts[0].text.startswith("MOSCOW, September 9. /ITAR-TASS/.")
    assert arts[0].text.count("An alliance which is based on") == 1
    assert "Geneva 2 stalemate" in arts[4].text  # a subheading, not a new article
