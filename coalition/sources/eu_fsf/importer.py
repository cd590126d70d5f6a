"""The EU list's formats: `eu-fsf-xml` (official FSF XML) and `eu-json` (a derived export)."""

from __future__ import annotations

from coalition.sources.base import Format
from coalition.sources.eu_fsf import fsfxml, jsonexport
from coalition.sources.eu_fsf.common import SOURCE

FORMATS = [
    Format.from_source(SOURCE, fsfxml.sniff, fsfxml.parse, name="eu-fsf-xml"),
    Format.from_source(SOURCE, jsonexport.sniff, jsonexport.parse, name="eu-json", url=None),
]
