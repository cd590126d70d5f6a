"""Set d, fairness part: common unlisted names per script and name tradition.

Names are a common given name and a common surname of one tradition (common_names.csv,
written from public frequency rankings), in the order and script that tradition writes them:
"Given Surname" in Latin script, surname first and unspaced in Han, Hangul and Japanese
script, Russian feminine surnames for feminine given names. A name is kept only when no list
record carries it, in any of the forms generated for it (a Hangul name is dropped when its
romanised form is listed, and the other way round), in any spelling that reduces to the same
consonants, so a match is a false positive.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from v2_sets import Case, name_key, skeleton_key

HERE = Path(__file__).resolve().parent
NAMES = HERE / "common_names.csv"
SURNAME_FIRST = ("chinese", "korean")  # in Latin script as well
UNSPACED = ("chinese", "korean", "japanese")  # in their own script


def read_names(path: Path = NAMES) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
    """tradition -> part -> [(latin, native, gender)]."""
    out: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            out.setdefault(row["tradition"], {}).setdefault(row["part"], []).append(
                (row["latin"], row["native"], row["gender"]))
    return out


def _surname(tradition: str, latin: str, native: str, gender: str) -> tuple[str, str]:
    if tradition == "russian" and gender == "f":
        return latin + "a", native + "а" if native else ""
    return latin, native


def _forms(tradition: str, given: tuple[str, str, str],
           surname: tuple[str, str, str]) -> tuple[str, str]:
    """(Latin form, own-script form or "") of one full name."""
    s_lat, s_nat = _surname(tradition, surname[0], surname[1], given[2])
    latin = f"{s_lat} {given[0]}" if tradition in SURNAME_FIRST else f"{given[0]} {s_lat}"
    if not (given[1] and s_nat):
        return latin, ""
    native = f"{s_nat}{given[1]}" if tradition in UNSPACED else f"{given[1]} {s_nat}"
    return latin, native


def common_names(listed: dict[tuple[str, ...], set[str]], skeletons: set[tuple[str, ...]],
                 rng: random.Random, per_group: int,
                 notes: dict[str, object]) -> dict[str, list[Case]]:
    """group (tradition-script) -> up to `per_group` unlisted full names: neither the name
    nor its other-script form is listed, exactly or as a spelling of it (skeleton_key)."""
    groups: dict[str, list[Case]] = {}
    dropped: dict[str, list[str]] = {}
    for tradition, parts in read_names().items():
        pairs = [(g, s) for g in parts["given"] for s in parts["surname"]]
        rng.shuffle(pairs)
        scripts = ("latin", "native") if parts["given"][0][1] else ("latin",)
        for which in scripts:
            group = f"{tradition}-{'latin' if which == 'latin' else 'own-script'}"
            out: list[Case] = []
            for g, s in pairs:
                latin, native = _forms(tradition, g, s)
                if which == "native" and not native:
                    continue
                if any(name_key(f) in listed or skeleton_key(f) in skeletons
                       for f in (latin, native) if f):
                    dropped.setdefault(group, []).append(latin if which == "latin" else native)
                    continue
                out.append(Case(latin if which == "latin" else native, frozenset(),
                                schema="Person", group=group, forbid_any=True))
                if len(out) >= per_group:
                    break
            groups[group] = out
    notes["common_names_dropped_as_listed"] = {k: v[:10] + ([f"+{len(v) - 10}"]
                                                             if len(v) > 10 else [])
                                               for k, v in dropped.items()}
    return groups
