"""One published name value cut into the names it holds, each with the property it belongs to.

Lists pack several names into one value. What is cut, in this order:

- lists: `A; B; C`, lettered `a) A b) B`, numbered `(1) A (2) B`;
- markers: `A a.k.a. B`, `A also known as B`, `A n.k.a. B` (same quality), `A f.k.a. B`,
  `formerly known as B` (B is a `previousName`);
- a trailing parenthesis: a list `X (A; B)`, a name in another script `Jin Tiesan (金铁三)`,
  `X (original script: Y)`, `X (In Arabic: Y)`, a quoted name `X ('SANDWORM')`, an acronym
  `Global Relief Foundation (GRF)` or the name an acronym stands for `ADF (ALLIED DEMOCRATIC
  FORCES)`; a note on the name is dropped (`(original script)`, `(birth name)`) or says its
  property (`(previously listed as)` is a previousName, as the lists' own name types say);
- a slash between a name and its acronym: `Harakat Ul-Mujahidin / HUM`;
- a name followed by the same name in another script: `Agha Jan Alizai اغا جان عالیزی`.

What is never cut: commas (`SURNAME, Given`, `Trading Co., Ltd`), `and`/`&` (`M AND S
SYNDICATE`), dots (`S.I. Vavilov`), `bin`/`ibn`/`son of` (one person's name), a qualifier
in brackets (`Al-Haramain (Kenya)`). Shapes that may hold several names but cannot be cut
safely (`Army/Front/Party`, `People’s Front (Halk Cephesi)`) are kept whole and named in
`Split.kept_whole`, for the importer to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coalition.sources.aliases.shapes import (
    is_acronym_of,
    script_runs,
    scripts_differ,
    split_outside,
    trailing_group,
    word_count,
)

PREVIOUS = "previousName"
_SPACE = re.compile(r"[\s\u00a0\u202f]+")
_NUMBERED = re.compile(r"(?:^|\s)(?:\(\d{1,2}\)|[a-h]\))\s+")
_LIST = re.compile(r"\s*;\s*")
# A ";" right after an opening quote is a typing slip inside one name, not a separator.
_QUOTE_SLIP = re.compile(r"([„«‚“‘])\s*;")
_MARKER = re.compile(
    r"(?:^|\s+|,\s*)(?:(?P<fka>f\.k\.a\.?|formerly known as|previously known as)"
    r"|(?P<aka>a\.k\.a\.?|a/k/a|also known as|n\.k\.a\.?|now known as))(?:\s*[:,]\s*|\s+)",
    re.IGNORECASE,
)
_SLASH = re.compile(r"\s*/\s*")
# Notes in brackets that say what kind of name precedes them: dropped, or the property.
NOTES: dict[str, str | None] = {
    "original script": None,
    "birth name": None,
    "combat name": None,
    "previously listed as": PREVIOUS,
    "formerly listed as": PREVIOUS,
}
_NOTE_NAME = re.compile(
    r"^(?:(?P<listed>previously|formerly) listed as\s*[.,;]?\s*)?"
    r"(?:in [A-Za-z]+|original script)\s*:\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^['\"‘’“”](?P<name>[^'\"‘’“”]+)['\"‘’“”]$")


@dataclass(frozen=True)
class Name:
    """One name and the property it goes to (name, alias, weakAlias, previousName)."""

    value: str
    prop: str


@dataclass(frozen=True)
class Split:
    """The names of a value, and the shapes that were kept whole (for the import report)."""

    names: tuple[Name, ...]
    kept_whole: tuple[str, ...] = ()


def clean_value(text: str) -> str:
    """Spaces and line breaks as one space, without separators left at either end."""
    return _SPACE.sub(" ", text).strip(" ;,")


def split_names(text: str, prop: str = "alias") -> Split:
    """The names a published value holds, in order, without repeats. A value that is the
    record's `name` keeps its first name as `name`; the others become aliases."""
    kept: list[str] = []
    found: list[Name] = []
    _cut(clean_value(text), prop, found, kept)
    out: list[Name] = []
    seen: set[str] = set()
    named = False
    for n in found:
        value = clean_value(n.value)
        if not value or value in seen or not any(c.isalpha() for c in value):
            continue
        seen.add(value)
        item_prop = n.prop
        if item_prop == "name":
            item_prop = "alias" if named else "name"
            named = True
        out.append(Name(value, item_prop))
    return Split(tuple(out), tuple(dict.fromkeys(kept)))


_GROUP = re.compile(r"\(([^()]*;[^()]*)\)")


def names_in_note(note: str) -> list[str]:
    """Spellings a note on a name lists in brackets: `(Abu Du’a; Abu Duaa’) prominently known
    by this nom de guerre` gives both. Only a bracket of two or more `;`-separated pieces with
    no digits or colons counts, so `(DPOB - 1970)` or a passport's details give nothing."""
    out: list[str] = []
    for m in _GROUP.finditer(note):
        pieces = [clean_value(p) for p in m.group(1).split(";")]
        if len(pieces) > 1 and all(p and not any(c.isdigit() or c == ":" for c in p)
                                   for p in pieces):
            out.extend(p for p in pieces if p not in out)
    return out


def _cut(text: str, prop: str, out: list[Name], kept: list[str]) -> None:
    text = clean_value(_QUOTE_SLIP.sub(r"\1", text))
    if not text:
        return
    listed = split_outside(_NUMBERED.sub("; ", text), _LIST)
    listed = [p for p in listed if p]
    if len(listed) > 1:
        for piece in listed:
            _cut(piece, prop, out, kept)
        return
    marked = _markers(text, prop)
    if len(marked) > 1 or (marked and marked[0][1] != prop):
        for piece, piece_prop in marked:
            _cut(piece, piece_prop, out, kept)
        return
    if _bracket(text, prop, out, kept) or _slash(text, prop, out, kept):
        return
    runs = script_runs(text)
    if len(runs) == 2 and all(s and word_count(w) >= 2 for s, w in runs):
        out.extend(Name(w, prop) for _, w in runs)
        return
    out.append(Name(text, prop))


def _markers(text: str, prop: str) -> list[tuple[str, str]]:
    """The pieces between a.k.a. / f.k.a. markers, each with its property."""
    pieces: list[tuple[str, str]] = []
    pos, current = 0, prop
    for m in _MARKER.finditer(text):
        pieces.append((text[pos:m.start()], current))
        current = PREVIOUS if m.group("fka") else prop
        pos = m.end()
    pieces.append((text[pos:], current))
    return [(p.strip(" ,;"), q) for p, q in pieces if p.strip(" ,;")]


def _bracket(text: str, prop: str, out: list[Name], kept: list[str]) -> bool:
    """Cut a trailing parenthesis that holds names or a note; False when it stays."""
    group = trailing_group(text)
    if group is None:
        return False
    outer, inner = group
    if not outer:  # the whole value in brackets
        if inner:
            _cut(inner, prop, out, kept)
        return bool(inner)
    note = inner.lower().rstrip(" .,;")
    if note in NOTES:
        _cut(outer, NOTES[note] or prop, out, kept)
        return True
    m = _NOTE_NAME.match(inner)
    if m:
        _cut(outer, PREVIOUS if m.group("listed") else prop, out, kept)
        _cut(m.group("name"), prop, out, kept)
        return True
    quoted = _QUOTED.match(inner)
    if (len(split_outside(inner, _LIST)) > 1 or quoted or scripts_differ(outer, inner)
            or is_acronym_of(inner, outer) or is_acronym_of(outer, inner)):
        _cut(outer, prop, out, kept)
        _cut(quoted.group("name") if quoted else inner, prop, out, kept)
        return True
    if word_count(inner) >= 2:
        kept.append("a parenthesis of two or more words")
    return False


def _slash(text: str, prop: str, out: list[Name], kept: list[str]) -> bool:
    """Cut `name / ACRONYM`; note other slashes between words as kept whole."""
    sides = split_outside(text, _SLASH)
    if len(sides) == 2 and all(sides):
        left, right = sides
        if is_acronym_of(right, left) or is_acronym_of(left, right):
            out.extend((Name(left, prop), Name(right, prop)))
            return True
    if len(sides) > 1 and sum(1 for s in sides if any(len(w) >= 3 and w.isalpha()
                                                       for w in s.split())) >= 2:
        kept.append("names joined by '/'")
    return False
