"""Countries as ISO-3166 alpha-2 codes (lower case, as FollowTheMoney writes them).

Publishers name countries in many ways ("Syrian Arab Republic", "Iran (Islamic Republic of)",
"Russia", "USSR"); `countries.yaml` holds the names pycountry does not know. A name that
cannot be resolved returns None and the importer reports it with the record.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

import pycountry
import yaml


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


@functools.cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for c in pycountry.countries:
        code = c.alpha_2.lower()
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                table[_key(value)] = code
        table[_key(c.alpha_3)] = code
    for c in pycountry.historic_countries:
        table.setdefault(_key(c.name), c.alpha_3.lower() if len(c.alpha_3) != 2 else c.alpha_3)
    extra = yaml.safe_load(resources.files(__package__).joinpath("countries.yaml").read_text("utf-8"))
    for code, names in extra.items():
        for name in names:
            table[_key(str(name))] = str(code)
    return table


@functools.cache
def _codes() -> frozenset[str]:
    codes = {c.alpha_2.lower() for c in pycountry.countries}
    extra = yaml.safe_load(resources.files(__package__).joinpath("countries.yaml").read_text("utf-8"))
    codes.update(str(c) for c in extra)
    return frozenset(codes)


def to_code(text: str | None) -> str | None:
    """The alpha-2 code (or an FtM extension code such as 'xk', 'suhh') for a country name or code."""
    if not text:
        return None
    raw = text.strip()
    if len(raw) == 2 and raw.lower() in _codes():
        return raw.lower()
    return _table().get(_key(raw))


def is_code(code: str) -> bool:
    return code in _codes()


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code.upper())
    return c.name if c else code
