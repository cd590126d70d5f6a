"""The bundled sample lists: fictional records in the UN and OFAC layouts, and demo queries.

`make run` loads these on a fresh machine with no network. Everything in them is invented for
the project (see README.md here); `generate.py` writes the files from the YAML sources.
"""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent
UN_SAMPLE = SAMPLES_DIR / "un_sample.xml"
OFAC_SAMPLE = SAMPLES_DIR / "ofac_sample"
QUERIES = SAMPLES_DIR / "queries.csv"
QUERIES_EXPECTED = SAMPLES_DIR / "queries_expected.csv"

__all__ = ["OFAC_SAMPLE", "QUERIES", "QUERIES_EXPECTED", "SAMPLES_DIR", "UN_SAMPLE"]
