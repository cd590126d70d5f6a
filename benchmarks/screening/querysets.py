"""Labelled query sets built from the real lists and name data in ../shared/datasets.

Each query carries the ids of the records it should find (`expected`, empty for a negative).
Everything random is seeded, so two runs build the same sets.
"""

from __future__ import annotations

import csv
import dataclasses
import random
from dataclasses import dataclass
from pathlib import Path

from coalition.names.translit import script_of
from coalition.screening.records import Record

SEED = 20260227


@dataclass
class LabelledQuery:
    name: str
    expected: frozenset[str]
    schema: str | None = None
    birth_date: str | None = None


def is_latin(name: str) -> bool:
    return all(script_of(ch) == "latin" for ch in name if ch.isalpha())


def leave_one_alias_out(records: list[Record], dataset: str,
                        rng: random.Random) -> tuple[list[Record], list[LabelledQuery]]:
    """One strong Latin alias per record of `dataset` held out of the record and queried."""
    out: list[Record] = []
    queries: list[LabelledQuery] = []
    for r in records:
        if dataset not in r.datasets:
            continue
        latin = [n for n in r.raw_names[1:] if is_latin(n) and len(n.split()) > 1]
        if len(r.raw_names) < 2 or not latin:
            out.append(r)
            continue
        held = rng.choice(latin)
        out.append(dataclasses.replace(r, raw_names=tuple(n for n in r.raw_names if n != held)))
        queries.append(LabelledQuery(held, frozenset({r.id}), r.schema.name))
    return out, queries


def typo(word: str, rng: random.Random) -> str:
    """One random edit (substitution, deletion, insertion, transposition) in a word."""
    i = rng.randrange(len(word))
    letters = "abcdefghijklmnopqrstuvwxyz"
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + rng.choice(letters) + word[i + 1:]
    if op == 1:
        return word[:i] + word[i + 1:]
    if op == 2:
        return word[:i] + rng.choice(letters) + word[i:]
    if i == len(word) - 1:
        i -= 1
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def typos(records: list[Record], rng: random.Random, count: int) -> list[LabelledQuery]:
    """Listed Latin names of two words or more with one edit in every word of 4+ letters."""
    pool = [(r, n) for r in records for n in r.raw_names[:3]
            if is_latin(n) and 2 <= len(n.split()) <= 6]
    queries = []
    for r, name in rng.sample(pool, min(count, len(pool))):
        words = [typo(w, rng) if len(w) >= 4 else w for w in name.split()]
        queries.append(LabelledQuery(" ".join(words), frozenset({r.id}), r.schema.name))
    return queries


def spelling_variants(records: list[Record], rng: random.Random,
                      count: int) -> list[LabelledQuery]:
    """Listed names re-spelled the way other lists write them: vowels and transliteration
    digraphs swapped (u/o, ou/u, ee/i, kh/h, dh/z, q/k), articles and hyphens moved."""
    swaps = [("u", "o"), ("o", "u"), ("ou", "u"), ("i", "ee"), ("ee", "i"), ("kh", "h"),
             ("q", "k"), ("dh", "z"), ("y", "i"), ("ai", "ay"), ("al-", "al "), ("al ", "el-"),
             ("abdul ", "abd al-"), ("mohammed", "muhammad"), ("muhammad", "mohamed")]
    pool = [(r, n) for r in records for n in r.raw_names[:3]
            if is_latin(n) and 2 <= len(n.split()) <= 6]
    queries = []
    for r, name in rng.sample(pool, min(count, len(pool))):
        text = name.lower()
        applicable = [s for s in swaps if s[0] in text]
        for old, new in rng.sample(applicable, min(2, len(applicable))):
            text = text.replace(old, new, 1)
        queries.append(LabelledQuery(text, frozenset({r.id}), r.schema.name))
    return queries


def original_script(records: list[Record]) -> tuple[list[Record], list[LabelledQuery]]:
    """Names in Arabic or Cyrillic script queried against the records with them removed."""
    out: list[Record] = []
    queries: list[LabelledQuery] = []
    for r in records:
        native = [n for n in r.raw_names if not is_latin(n)]
        latin = tuple(n for n in r.raw_names if is_latin(n))
        if native and latin:
            out.append(dataclasses.replace(r, raw_names=latin,
                                           raw_weak=tuple(w for w in r.raw_weak if is_latin(w))))
            for n in native:
                queries.append(LabelledQuery(n, frozenset({r.id}), r.schema.name))
        else:
            out.append(r)
    return out, queries


def name_bench(path: Path) -> list[tuple[str, str, str, bool]]:
    """nomenklatura's name-bench cases: (schema, name1, name2, is_match)."""
    with path.open(encoding="utf-8") as fh:
        return [(row["schema"], row["name1"], row["name2"], row["is_match"] == "true")
                for row in csv.DictReader(fh)]


def transliteration_pairs(path: Path, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(Arabic, English) name pairs from the Google ar2en test file."""
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[0] and parts[1]:
                pairs.append((parts[0], parts[1]))
    return rng.sample(pairs, min(count, len(pairs)))


def negatives(anetac: Path, listed: set[str], rng: random.Random,
              count: int) -> list[LabelledQuery]:
    """Person names not on any list: a given name and a family name drawn from ANETAC's real
    English person names, two words each, never equal to a listed name."""
    words = []
    with anetac.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[0] == "PERSON" and parts[1].isalpha() \
                    and len(parts[1]) >= 3:
                words.append(parts[1])
    out = []
    while len(out) < count:
        name = f"{rng.choice(words)} {rng.choice(words)}"
        if name.lower() not in listed:
            out.append(LabelledQuery(name, frozenset(), "Person"))
    return out
