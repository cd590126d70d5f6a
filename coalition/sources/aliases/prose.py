"""Aliases written as prose, split into names with the language they are given in.

Canada's SEMA list writes its <Aliases> this way: `Mikalay Lukashenka, Belarusian: Мікалай
Лукашэнка; Russian: Николай Лукашенко, Коля Лукашенко`. Semicolons always separate names; a
line break does when a comma ends the line or the script changes across it (elsewhere it
only wraps a long company name); commas, " or " and slashes separate them only when every
piece is itself a name of two or more words (so `Nikolay or Nikolai / Vasilievich Maximavich`
stays whole rather than being cut into fragments no one is called by). Company names are
never split on commas. Each name found is then cut further as any list value is (`cells`).
"""

from __future__ import annotations

import re

from coalition.sources.aliases.shapes import script_of, word_count

_SEGMENT = re.compile(r";+")
_COMMA_BREAK = re.compile(r"[,;]\s*\n")
_SOFT_PERSON = (re.compile(r"\s*,\s*"), re.compile(r"\s*/\s*"),
                re.compile(r"\s+or\s+", re.IGNORECASE))
_SOFT_ORG = _SOFT_PERSON[1:]
_ALTERNATIVES = _SOFT_ORG
_SPACE = re.compile(r"[\s\u00a0\u202f]+")


def _label_pattern(labels: dict[str, str]) -> re.Pattern[str]:
    names = "|".join(sorted((re.escape(k) for k in labels), key=len, reverse=True))
    return re.compile(rf"(?:^|[\s,;]+)({names})[\s\u00a0]*:\s*", re.IGNORECASE)


def _line_breaks(text: str) -> str:
    """Line breaks that separate names become semicolons, the others spaces."""
    text = _COMMA_BREAK.sub(";", text)
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        before = [c for c in out if c.isalpha()]
        after = [c for c in line if c.isalpha()]
        same = not before or not after or script_of(before[-1]) == script_of(after[0])
        out += (" " if same else ";") + line
    return out


def _split_soft(text: str, seps: tuple[re.Pattern[str], ...]) -> list[str]:
    for sep in seps:
        pieces = [p.strip(" ,") for p in sep.split(text)]
        pieces = [p for p in pieces if p]
        # A piece still holding an alternative of the other kind ("A or B / C") is no name.
        others = [o for o in _ALTERNATIVES if o is not sep]
        if len(pieces) > 1 and all(word_count(p) >= 2 and not any(o.search(p) for o in others)
                                   for p in pieces):
            out: list[str] = []
            for piece in pieces:
                out.extend(_split_soft(piece, seps))
            return out
    return [text]


def split_aliases(text: str, labels: dict[str, str], *,
                  person: bool) -> list[tuple[str, str | None]]:
    """(name, language or None) pairs from an <Aliases> text, in order, without repeats."""
    pattern = _label_pattern(labels)
    seps = _SOFT_PERSON if person else _SOFT_ORG
    out: list[tuple[str, str | None]] = []
    for segment in _SEGMENT.split(_line_breaks(text)):
        segment = _SPACE.sub(" ", segment).strip(" ,")
        if not segment:
            continue
        # Split at each language label; the label applies up to the next one.
        chunks: list[tuple[str, str | None]] = []
        pos, lang = 0, None
        for m in pattern.finditer(segment):
            chunks.append((segment[pos:m.start()], lang))
            lang = labels[m.group(1).lower()]
            pos = m.end()
        chunks.append((segment[pos:], lang))
        for chunk, chunk_lang in chunks:
            chunk = chunk.strip(" ,")
            if not chunk:
                continue
            for name in _split_soft(chunk, seps):
                name = name.strip(" ,")
                if name and (name, chunk_lang) not in out:
                    out.append((name, chunk_lang))
    return out
