"""The v2 screening benchmark's set builders and scoring: keys, name forms, truth, duplicates."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks" / "screening"))

import v2_eval  # noqa: E402
import v2_negatives  # noqa: E402
from v2_sets import Case, name_key, skeleton_key  # noqa: E402
from v2_store import Truth  # noqa: E402


def test_name_key_ignores_order_case_and_punctuation() -> None:
    assert name_key("ALVI, Mohammad Masood Azhar") == name_key("Mohammad Masood Azhar ALVI")
    assert name_key("Al-Qa'ida") == name_key("al qaida")
    assert name_key("Hamas") != name_key("Tamas")


def test_skeleton_key_meets_spellings_and_scripts() -> None:
    assert skeleton_key("Николай Васильев") == skeleton_key("Nikolay Vasilyev")
    assert skeleton_key("Francisco Díaz") == skeleton_key("DIAZ, Francisco")
    assert skeleton_key("Ivan Petrov") != skeleton_key("Ivan Popov")


def test_forms_follow_each_tradition() -> None:
    assert v2_negatives._forms("chinese", ("Wei", "伟", "m"), ("Wang", "王", "")) == \
        ("Wang Wei", "王伟")
    assert v2_negatives._forms("russian", ("Olga", "Ольга", "f"), ("Petrov", "Петров", "")) \
        == ("Olga Petrova", "Ольга Петрова")
    assert v2_negatives._forms("english", ("Mary", "", "f"), ("Smith", "", "")) == \
        ("Mary Smith", "")


def test_common_names_are_checked_against_the_lists() -> None:
    listed = {name_key("Wang Wei"): {"x:1"}}
    groups = v2_negatives.common_names(listed, set(), random.Random(1), 500, {})
    names = {c.name for cases in groups.values() for c in cases}
    assert "Wang Wei" not in names and "王伟" not in names  # its other script is dropped too
    assert "Li Wei" in names and "李伟" in names
    assert all(c.forbid_any and not c.expected for cases in groups.values() for c in cases)


def _answer(*results: tuple[tuple[str, ...], float, bool]) -> v2_eval.Answer:
    return v2_eval.Answer([v2_eval.Found(r, s, m, "") for r, s, m in results], 0.0, 0.0)


def test_hit_top1_and_duplicates_by_entity() -> None:
    truth = Truth()
    truth.union(["un-sc:1", "gb-ofsi:2"])
    case = Case("x", frozenset({"un-sc:1"}))
    per_record = _answer((("gb-ofsi:2",), 0.9, True), (("un-sc:1",), 0.9, True),
                         (("eu-fsf:3",), 0.8, True))
    merged = _answer((("un-sc:1", "gb-ofsi:2"), 0.9, True), (("eu-fsf:3",), 0.8, True))
    for answer in (per_record, merged):
        assert v2_eval.is_hit(case, answer) and v2_eval.is_top1(case, answer, truth)
    assert v2_eval.duplicates(per_record, truth, True) == (1, 3)
    assert v2_eval.duplicates(merged, truth, True) == (0, 2)
    other = _answer((("eu-fsf:3",), 0.9, True), (("un-sc:1",), 0.5, False))
    assert not v2_eval.is_hit(case, other) and not v2_eval.is_top1(case, other, truth)


def test_false_positive_kinds() -> None:
    found = _answer((("un-sc:9",), 0.8, True))
    assert v2_eval.is_false_positive(Case("x", frozenset(), forbid_any=True), found)
    assert v2_eval.is_false_positive(Case("x", frozenset(), forbidden=frozenset({"un-sc:9"})),
                                     found)
    assert not v2_eval.is_false_positive(
        Case("x", frozenset(), forbidden=frozenset({"un-sc:8"})), found)
