"""The labelled query sets of the v2 benchmark (all lists imported), built from the store.

Every expected reference is found in the lists, never written by hand: set a looks the names
of wellknown.yaml up among the listed names, sets b and c take records and their
`coalition resolve` clusters, and everything sampled is seeded (querysets.SEED). A query
expects the source-record references (`<dataset>:<ref>`) of one real-world entity; a
negative expects none, or names in `forbidden` the entity it must not match.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import querysets as qs
import yaml
from v2_store import Home

from coalition.names.translit import romanise, script_of
from coalition.screening.records import Record

HERE = Path(__file__).resolve().parent
WELLKNOWN = HERE / "wellknown.yaml"
_WORD = re.compile(r"[^\w]+")


@dataclass
class Case(qs.LabelledQuery):
    """A labelled query: `expected` holds source-record references of one entity."""

    nationality: str | None = None
    group: str = ""  # the subgroup a figure is broken down by (script, tradition, kind)
    issue12: bool = False  # named as failing in issue 12
    forbidden: frozenset[str] = field(default_factory=frozenset)  # must not match these
    forbid_any: bool = False  # must match nothing


def name_key(name: str) -> tuple[str, ...]:
    """A name compared as the sorted set of its case-folded words, so the order of a
    list's "SURNAME, Given" and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    return tuple(sorted({w for w in _WORD.split(text.replace("'", "")) if w}))


def skeleton_key(name: str) -> tuple[str, ...]:
    """A name romanised and reduced to its consonants, word by word (sorted), so spellings
    and scripts of one name meet: "Nikolai Vasiliev", "Nikolay Vasilyev" and "Николай
    Васильев" share a key, as do "Francisco Díaz" and "DIAZ, Francisco"."""
    out = set()
    for word in romanise(name):
        text = re.sub(r"[aeiouyjw']", "", word.text)
        text = re.sub(r"(.)\1+", r"\1", text)
        if text:
            out.add(text)
    return tuple(sorted(out))


def listed_skeletons(records: list[Record]) -> set[tuple[str, ...]]:
    return {skeleton_key(n) for r in records for n in (*r.raw_names, *r.raw_weak)}


def listed_keys(records: list[Record]) -> dict[tuple[str, ...], set[str]]:
    """Every listed name's key -> the references of the records that carry it."""
    out: dict[tuple[str, ...], set[str]] = {}
    for r in records:
        for n in (*r.raw_names, *r.raw_weak):
            out.setdefault(name_key(n), set()).update(r.referents)
    return out


def script(name: str) -> str:
    """The first non-Latin script among a name's letters, else latin."""
    for ch in name:
        if ch.isalpha():
            s = str(script_of(ch))
            if s != "latin":
                return s
    return "latin"


def _lookup(home: Home, keys: dict[tuple[str, ...], set[str]], names: list[str],
            born: int | None) -> set[str]:
    refs: set[str] = set()
    for n in names:
        for ref in keys.get(name_key(n), ()):
            dobs = home.by_ref[ref].birth_dates
            if born is None or not dobs or any(d.startswith(str(born)) for d in dobs):
                refs.add(ref)
    return {m for ref in refs for m in home.cluster_of(ref)}


def well_known(home: Home, notes: dict[str, object]) -> tuple[list[Case], list[Case]]:
    """Set a (names as typed) and the look-alike negatives of set d, from wellknown.yaml."""
    data = yaml.safe_load(WELLKNOWN.read_text(encoding="utf-8"))
    keys = listed_keys(home.records)
    cases: list[Case] = []
    missing: list[str] = []
    for entry in data["entities"]:
        expected = _lookup(home, keys, entry["lookup"], entry.get("born"))
        if not expected:
            missing.append(entry["entity"])
            continue
        home.clusters.union(expected)
        for q in entry["queries"]:
            text, flagged = (q["q"], bool(q.get("issue12"))) if isinstance(q, dict) \
                else (str(q), False)
            cases.append(Case(text, frozenset(expected), group=script(text), issue12=flagged))
    looks: list[Case] = []
    dropped: list[str] = []
    for entry in data["lookalikes"]:
        text = entry["q"]
        if entry["not"] == "any":
            if name_key(text) in keys:
                dropped.append(text)
                continue
            looks.append(Case(text, frozenset(), group="lookalike", forbid_any=True))
            continue
        forbidden = _lookup(home, keys, entry["not"], None)
        if not forbidden or any(name_key(text) in
                                {name_key(n) for n in home.by_ref[ref].raw_names}
                                for ref in forbidden):
            dropped.append(text)
            continue
        looks.append(Case(text, frozenset(), group="lookalike", forbidden=frozenset(forbidden)))
    notes["wellknown_entities_not_found"] = missing
    notes["lookalikes_dropped"] = dropped
    return cases, looks


def _latin_only(record: Record) -> bool:
    return all(qs.is_latin(n) for n in (*record.raw_names, *record.raw_weak))


def other_script(home: Home, rng: random.Random, per_set: int) -> dict[str, list[Case]]:
    """Set b: the UK list's non-Latin names and the RU list's Cyrillic names, each expecting
    the records of other lists resolved with it that carry Latin names only."""
    uk: list[Case] = []
    ru: list[Case] = []
    for r in home.records:
        source = r.datasets[0] if r.datasets else ""
        if source not in ("gb-ofsi", "ru-rfm"):
            continue
        targets = frozenset(m for ref in r.referents for m in home.cluster_of(ref)
                            if not m.startswith(source + ":")
                            and _latin_only(home.by_ref[m]))
        if not targets:
            continue
        for n in (*r.raw_names, *r.raw_weak):
            if qs.is_latin(n):
                continue
            case = Case(n, targets, schema=r.schema.name, group=script(n))
            (uk if source == "gb-ofsi" else ru).append(case)
    return {"uk_non_latin_vs_latin_only": _sample(uk, rng, per_set),
            "ru_cyrillic_vs_latin_only": _sample(ru, rng, per_set)}


T = TypeVar("T")


def _sample(items: list[T], rng: random.Random, count: int) -> list[T]:
    return rng.sample(items, min(count, len(items)))


def _full_dob(record: Record) -> str | None:
    for d in record.birth_dates:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) and 1925 <= int(d[:4]) <= 2005:
            return str(d)
    return None


def shifted(dob: str, rng: random.Random) -> str:
    """A full birth date moved 7-12 years, earlier or later (29 February becomes the 28th)."""
    year = int(dob[:4]) + rng.choice((-1, 1)) * rng.randint(7, 12)
    rest = "-02-28" if dob[4:] == "-02-29" else dob[4:]
    return f"{year}{rest}"


def wrong_birth_year(home: Home, rng: random.Random, count: int) -> list[Case]:
    """Set c1: a listed person's first name with its known birth date 7-12 years off;
    the person must stay first."""
    pool = [r for r in home.records if r.is_person and _full_dob(r) and r.raw_names
            and len(r.raw_names[0].split()) >= 2]
    out = []
    for r in _sample(pool, rng, count):
        expected = frozenset(m for ref in r.referents for m in home.cluster_of(ref))
        out.append(Case(r.raw_names[0], expected, schema="Person",
                        birth_date=shifted(_full_dob(r) or "", rng),
                        group=script(r.raw_names[0])))
    return out


OTHER_COUNTRIES = ("br", "jp", "se", "ca", "mx", "no", "nz", "ar", "fi", "cl")


def conflicting_common(home: Home, rng: random.Random, count: int) -> list[Case]:
    """Set c2: persons with a common name (every word of it in 30 or more listed names), a
    known birth date and nationality, queried with a birth date 7-12 years off and another
    nationality; the person must not be a match (`forbidden`)."""
    freq: dict[str, int] = {}
    for r in home.records:
        for w in {w for n in r.raw_names for w in name_key(n)}:
            freq[w] = freq.get(w, 0) + 1
    pool = [r for r in home.records if r.is_person and _full_dob(r) and r.countries
            and r.raw_names and len(name_key(r.raw_names[0])) >= 2
            and all(freq.get(w, 0) >= 30 for w in name_key(r.raw_names[0]))]
    out = []
    for r in _sample(pool, rng, count):
        country = next(c for c in rng.sample(OTHER_COUNTRIES, len(OTHER_COUNTRIES))
                       if c not in r.countries)
        forbidden = frozenset(m for ref in r.referents for m in home.cluster_of(ref))
        out.append(Case(r.raw_names[0], frozenset(), schema="Person",
                        birth_date=shifted(_full_dob(r) or "", rng), nationality=country,
                        group=script(r.raw_names[0]), forbidden=forbidden))
    return out
