"""The Remarks parser: OFAC's `;`-separated remarks turned into facts about the listed entry.

A remark is one item such as `DOB 01 Jan 1958`, `alt. POB Jeddah, Saudi Arabia`,
`Passport A1234567 (Iran) issued 01 Jan 2010 expires 31 Dec 2019`, `a.k.a. 'ABU X'` or
`Linked To: HIZBALLAH`. Items are split on `;` outside quoted names; each becomes one or more
`Fact`s. What matches no pattern becomes a Fact of kind "unknown" whose label (the words before
the number) the importer reports as an unparsed remark. Labels and their mapping live in
source.yaml; the patterns that need more than a label (dates, names, links, IMO) live here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coalition.model import dates
from coalition.sources.us_ofac.rules import Rules, rules

# kinds: prop (a value of `prop`), name (alias, weakAlias, previousName), link (Linked To),
# identifier (a document: Identification / Passport), sanction (provisions of the sanction),
# note (entity notes), title (repeats the Title column), invalid (a value that fails its
# check), unknown (no pattern matched).
KINDS = ("prop", "name", "link", "identifier", "sanction", "note", "title", "invalid", "unknown")


@dataclass(frozen=True)
class Fact:
    """One thing a remark says about the entry."""

    kind: str
    value: str
    prop: str | None = None
    label: str | None = None
    country: str | None = None
    issued: str | None = None
    expires: str | None = None
    passport: bool = False


_ALT = re.compile(r"^(?:alt\.|alternate|Alt\.)\s+", re.IGNORECASE)
_NAME = re.compile(
    r"^(?P<kind>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)[,:]?\s*(?P<q>['\"‘’“”])(?P<name>.+)['\"‘’“”]"
    r"(?:\s*\((?P<cat>weak|strong)\))?$",
    re.IGNORECASE,
)
_LINK = re.compile(r"^Linked To:?\s+(?P<target>.+)$", re.IGNORECASE)
_IMO = re.compile(
    r"^(?:Vessel Registration Identification|Identification Number|Company Number|"
    r"International Maritime Organization No\.?)\s+IMO\s*(?P<number>\d+)$",
    re.IGNORECASE,
)
_DOB = re.compile(r"^DOB\s+(?P<value>.+)$")
_SIMPLE = {
    "POB": "birthPlace",
    "nationality": "nationality",
    "citizen": "citizenship",
    "Gender": "gender",
}
_RANGE = re.compile(r"^(?:between\s+)?(?P<a>.+?)(?:\s+(?:to|and)\s+|\s*-\s*)(?P<b>.+)$",
                    re.IGNORECASE)
_CIRCA = re.compile(r"^(?:circa|approximately|approx\.?|about|c\.)\s+", re.IGNORECASE)
_DOC = re.compile(
    r"^(?P<number>.*?)"
    r"(?:\s*\((?P<country>[^()]+)\))?"
    r"(?:,?\s*issued\s+(?P<issued>.+?))?"
    r"(?:,?\s*expires?\s+(?P<expires>.+?))?$",
    re.IGNORECASE,
)
# A quoted name: after an a.k.a. / f.k.a. / n.k.a. marker only, so that an apostrophe
# opening a place name (`POB 'Aniza, Saudi Arabia; nationality …`) masks nothing.
_QUOTED = re.compile(r"(?<=[akn]\.k\.a\. )'.*?'(?=\s*(?:[;.,)(]|$))", re.IGNORECASE)
# Two quoted names in one item: `a.k.a. 'ABU-AL-KARKH', 'Yusuf'`.
_QUOTE_LIST = re.compile(r"['\"‘’“”]\s*,\s*['\"‘’“”]")


def split_remarks(text: str) -> list[str]:
    """The items of a Remarks field: split on `;` outside 'quoted names', final dot dropped.

    A quote opens right after `a.k.a.` (or `f.k.a.`, `n.k.a.`) and closes where what follows
    ends the name (`;`, `.`, `,`, `(`, `)` or the end), so apostrophes inside words (Ba'th,
    QA'IDA) or opening a place name ('Aniza) do not count; a quote that never closes is an
    apostrophe and the text is split plainly."""
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    masked = _QUOTED.sub(lambda m: m.group(0).replace(";", "\x00"), text)
    return [part.replace("\x00", ";").strip() for part in masked.split(";") if part.strip()]


def quoted_names(text: str) -> list[str]:
    """The names of an a.k.a. item's quoted text. `'A', 'B'` holds two names, except where B is
    one word after a capitalised surname: OFAC's `SURNAME, Given` with a stray pair of quotes
    (`'ABU-AL-KARKH', 'Yusuf'` is the name `ABU-AL-KARKH, Yusuf`)."""
    parts = [p.strip() for p in _QUOTE_LIST.split(text) if p.strip()]
    if len(parts) == 2 and len(parts[1].split()) == 1 and parts[0].isupper() \
            and not parts[1].isupper():
        return [f"{parts[0]}, {parts[1]}"]
    return parts or [text.strip()]


def _label_of(item: str) -> str:
    """The words of an item before its number, quote or parenthesis (the unknown's label)."""
    words: list[str] = []
    for word in item.split():
        if any(c.isdigit() for c in word) or word[0] in "'\"(#":
            break
        words.append(word)
    return " ".join(words[:6]).strip(" :-,")[:60] or " ".join(item.split()[:3])[:60]


def parse_dob(value: str) -> list[str] | None:
    """ISO prefixes for a date text (DOB, issue date…), or None when it is not one.

    A date, 'circa Y', 'X to Y', 'between X and Y' or 'Y1-Y2' (a range gives one per year)."""
    value = _CIRCA.sub("", value.strip().rstrip(".")).strip()
    m = _RANGE.match(value)
    if m:
        a = dates.parse_date(_CIRCA.sub("", m.group("a")))
        b = dates.parse_date(_CIRCA.sub("", m.group("b")))
        if a and b:
            return dates.expand_years(int(a[:4]), int(b[:4])) or None
    single = dates.parse_date(value)
    return [single] if single else None


def _match_label(item: str, label: str) -> str | None:
    """The value after `label` when `item` starts with it (case-insensitive), else None."""
    if label.endswith("*"):
        prefix = label[:-1]
        if item[: len(prefix)].lower() != prefix.lower():
            return None
        return item
    if item[: len(label)].lower() != label.lower():
        return None
    rest = item[len(label):]
    if rest and rest[0] not in " :\t":
        return None
    return rest.lstrip(" :\t")


class RemarkParser:
    """Parses remark items with the tables of source.yaml."""

    def __init__(self, table: Rules | None = None) -> None:
        self.rules = table or rules()
        self._props = sorted(self.rules.remark_properties.items(), key=lambda kv: -len(kv[0]))
        self._idents = sorted(self.rules.identifiers.values(), key=lambda r: -len(r.label))
        self._sanctions = sorted(self.rules.sanction_notes, key=len, reverse=True)

    def parse(self, text: str | None, titles: tuple[str, ...] = ()) -> list[Fact]:
        """Every fact in a Remarks field; `titles` are the Title parts that remarks repeat."""
        if not text:
            return []
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        title_keys = {t.strip().rstrip(".").lower() for t in titles if t.strip()}
        facts: list[Fact] = []
        for item in split_remarks(text):
            facts.extend(self.parse_item(item, title_keys))
        return facts

    def parse_item(self, item: str, titles: set[str] | frozenset[str] = frozenset()) -> list[Fact]:
        """The facts of one remark item."""
        item = _ALT.sub("", item.strip()).strip()
        if item.startswith("(") and item.endswith(")"):
            item = item[1:-1].strip()
        if not item:
            return []
        if item.rstrip(".").lower() in titles:
            return [Fact("title", item.rstrip("."), prop="position")]
        m = _DOB.match(item)
        if m:
            found = parse_dob(m.group("value"))
            if found is None:
                return [Fact("invalid", m.group("value"), prop="birthDate", label="DOB")]
            return [Fact("prop", d, prop="birthDate", label="DOB") for d in found]
        first, _, rest = item.partition(" ")
        if first in _SIMPLE and rest.strip():
            return self._simple(_SIMPLE[first], rest.strip())
        m = _NAME.match(item)
        if m:
            kind = m.group("kind").lower()
            strong = (m.group("cat") or "").lower() == "strong"
            prop = "weakAlias"
            if strong:
                prop = "previousName" if kind == "f.k.a." else "alias"
            return [Fact("name", n, prop=prop, label=kind) for n in quoted_names(m.group("name"))]
        m = _LINK.match(item)
        if m:
            return [Fact("link", m.group("target").strip(), label="Linked To")]
        m = _IMO.match(item)
        if m:  # the check digit is the builder's call: company numbers have none
            number = m.group("number")
            if len(number) != 7:
                return [Fact("invalid", number, prop="imoNumber", label="IMO")]
            return [Fact("prop", number, prop="imoNumber", label="IMO")]
        return self._labelled(item)

    @staticmethod
    def _simple(prop: str, value: str) -> list[Fact]:
        facts = [Fact("prop", value, prop=prop, label=prop)]
        if prop == "birthPlace" and "," in value:
            facts.append(Fact("prop", value.rsplit(",", 1)[1].strip(), prop="birthCountry",
                              label="POB country"))
        return facts

    def _labelled(self, item: str) -> list[Fact]:
        for label in self._sanctions:
            if _match_label(item, label) is not None:
                return [Fact("sanction", item, label=label.rstrip("*").strip())]
        for rule in self._idents:
            rest = _match_label(item, rule.label)
            if rest is None:
                continue
            label = rule.label
            if label.endswith("*"):  # "Digital Currency Address - XBT addr": type is one word more
                head = item[len(label) - 1:].split(None, 1)
                if len(head) != 2:
                    break
                label, rest = item[: len(label) - 1] + head[0], head[1]
            doc = _DOC.match(rest.strip())
            number = (doc.group("number") if doc else rest).strip(" ,:#")
            if not number:
                break
            return [Fact(
                "identifier", number, prop=rule.prop, label=label,
                country=doc.group("country") if doc else None,
                issued=doc.group("issued") if doc else None,
                expires=doc.group("expires") if doc else None,
                passport=rule.passport,
            )]
        for label, prop in self._props:
            rest = _match_label(item, label)
            if rest:
                value = f"{label}: {rest}" if prop == "notes" else rest
                return [Fact("prop", value, prop=prop, label=label)]
        if item.rstrip(".").lower() in self.rules.notes:
            return [Fact("note", item)]
        return [Fact("unknown", item, label=_label_of(item))]
