"""The name data tables (letters, legal forms, honorifics, given names), loaded once from YAML."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml
from rapidfuzz.distance import OSA


def _load(name: str) -> Any:
    text = resources.files("coalition.names").joinpath("data").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


def load_table(name: str) -> Any:
    """One YAML table of names/data, parsed (callers cache what they derive from it)."""
    return _load(name)


@functools.cache
def letters(script: str) -> dict[str, str]:
    """One character table from scripts.yaml (cyrillic, abjad, hebrew, han_surnames…)."""
    table: dict[str, str] = _load("scripts.yaml")[script]
    return {str(k): "" if v is None else str(v) for k, v in table.items()}


@functools.cache
def han_surnames() -> dict[str, str]:
    """Han characters read otherwise as a family name (单 -> shan), from scripts.yaml."""
    return letters("han_surnames")


@functools.cache
def hanja_surnames() -> dict[str, str]:
    """Hanja read otherwise as a Korean family name (金 -> 김), from scripts.yaml."""
    return letters("hanja_surnames")


@functools.cache
def hangul_surnames() -> dict[str, tuple[str, ...]]:
    """Hangul surname -> the spellings families use for it (이 -> lee, yi…), from scripts.yaml."""
    table: dict[str, list[str]] = _load("scripts.yaml")["hangul_surnames"]
    return {str(k): tuple(str(v) for v in values) for k, values in table.items()}


@functools.cache
def org_forms() -> dict[tuple[str, ...], str]:
    """Legal-form spellings as token tuples, mapped to their canonical code."""
    out: dict[tuple[str, ...], str] = {}
    for code, spellings in _load("org_forms.yaml").items():
        out[(code,)] = code
        for spelling in spellings:
            out[tuple(str(spelling).split())] = code
    return out


@functools.cache
def longest_org_form() -> int:
    return max(len(k) for k in org_forms())


@functools.cache
def honorifics() -> frozenset[str]:
    return frozenset(str(h) for h in _load("honorifics.yaml"))


@functools.cache
def given_names() -> dict[str, str]:
    """Spelling variant -> canonical spelling of a given name."""
    out: dict[str, str] = {}
    for canonical, variants in _load("given_names.yaml").items():
        out[canonical] = canonical
        for variant in variants:
            out[str(variant).replace(" ", "")] = canonical
    return out


@functools.cache
def generic_org_words() -> dict[str, str]:
    """Spelling of a generic organisation word -> its code (generic_org_words.yaml)."""
    out: dict[str, str] = {}
    for code, spellings in _load("generic_org_words.yaml").items():
        out[str(code)] = str(code)
        for spelling in spellings:
            out[str(spelling)] = str(code)
    return out


@functools.cache
def acronym_skips() -> frozenset[str]:
    """The small words an organisation's acronym leaves out (acronym_skips.yaml)."""
    return frozenset(str(w) for w in _load("acronym_skips.yaml"))


@functools.cache
def org_form_words() -> frozenset[str]:
    """The words of five letters or more that legal-form spellings are made of (company,
    liability, aktsionernoe…): the ones a typo is corrected towards (`correct_form_word`)."""
    return frozenset(w for spelling in org_forms() for w in spelling if len(w) >= 5)


@functools.cache
def _form_word_deletes() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for word in org_form_words():
        for i in range(len(word)):
            out.setdefault(word[:i] + word[i + 1:], set()).add(word)
        out.setdefault(word, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=50_000)
def correct_form_word(word: str) -> str | None:
    """The legal-form word one edit away from `word` (cmopany -> company, limitek -> limited),
    if exactly one is; None otherwise. Only for words of five letters or more."""
    if len(word) < 5 or word in org_form_words():
        return None
    table = _form_word_deletes()
    found: set[str] = set(table.get(word, ()))
    for i in range(len(word)):
        found.update(table.get(word[:i] + word[i + 1:], ()))
    found = {f for f in found if OSA.distance(word, f) <= 1}
    return next(iter(found)) if len(found) == 1 else None
