"""The name data tables (letters, legal forms, honorifics, given names), loaded once from YAML."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


def _load(name: str) -> Any:
    text = resources.files("coalition.names").joinpath("data").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def letters(script: str) -> dict[str, str]:
    """The letter table of one script from scripts.yaml (cyrillic, abjad, hebrew)."""
    table: dict[str, str] = _load("scripts.yaml")[script]
    return {str(k): "" if v is None else str(v) for k, v in table.items()}


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
