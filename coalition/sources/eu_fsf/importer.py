"""The EU list's formats: `eu-fsf-xml` (official FSF XML) and `eu-json` (a derived export)."""

from __future__ import annotations

from coalition.sources.base import Format
from coalition.sources.eu_fsf import fsfxml, jsonexport
from coalition.sources.eu_fsf.common import SOURCE

FORMATS = [
    Format(
        name="eu-fsf-xml",
        dataset=SOURCE["dataset"],
        title=SOURCE["title"],
        publisher=SOURCE["publisher"],
        url=SOURCE["url"],
        sniff=fsfxml.sniff,
        parse=fsfxml.parse,
        description=SOURCE["formats"]["eu-fsf-xml"],
    ),
    Format(
        name="eu-json",
        dataset=SOURCE["dataset"],
        title=SOURCE["title"],
        publisher=SOURCE["publisher"],
        url=None,
        sniff=jsonexport.sniff,
        parse=jsonexport.parse,
        description=SOURCE["formats"]["eu-json"],
    ),
]
