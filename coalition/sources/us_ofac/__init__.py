"""US Treasury OFAC: the SDN list and the non-SDN consolidated list, in their CSV and XML layouts.

Formats (detection order, most specific first):
- `ofac-csv`: a folder with sdn.csv (+ alt.csv, add.csv, sdn_comments.csv) -> us-ofac-sdn
- `ofac-cons-csv`: a folder with cons_prim.csv (+ cons_alt, cons_add, cons_comments) -> us-ofac-cons
- `ofac-cons-xml` / `ofac-xml`: an sdnList XML; consolidated when an entry carries a program
  only the non-SDN lists have (source.yaml `non_sdn_programs`), else the SDN list
- `ofac-cons-prim-csv` / `ofac-sdn-csv`: a lone 12-column CSV (`-0-` nulls), split by the same rule
References are `us-ofac-sdn:<ent_num>` / `us-ofac-cons:<uid>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from coalition.model import Entity
from coalition.sources.base import Format, ImportContext
from coalition.sources.us_ofac import csv_set, xml
from coalition.sources.us_ofac.rules import rules

Sniff = Callable[[Path, bytes], bool]
Parse = Callable[[Path, ImportContext], Iterator[Entity]]
SDN = "us-ofac-sdn"
CONS = "us-ofac-cons"
SDN_TITLE = "US OFAC Specially Designated Nationals and Blocked Persons (SDN) List"
CONS_TITLE = "US OFAC Consolidated (non-SDN) Sanctions List"


def _format(name: str, dataset: str, title: str, url: str, sniff: Sniff, parse: Parse,
            description: str) -> Format:
    return Format(name=name, dataset=dataset, title=title, publisher=rules().publisher,
                  url=rules().urls[url], sniff=sniff, parse=parse, description=description)


FORMATS = [
    _format("ofac-csv", SDN, SDN_TITLE, "sdn-csv", csv_set.sniff_set("sdn"),
            csv_set.parse_sdn_set, "folder: sdn.csv, alt.csv, add.csv, sdn_comments.csv"),
    _format("ofac-cons-csv", CONS, CONS_TITLE, "cons-csv", csv_set.sniff_set("cons"),
            csv_set.parse_cons_set, "folder: cons_prim.csv, cons_alt.csv, cons_add.csv, "
            "cons_comments.csv"),
    _format("ofac-cons-xml", CONS, CONS_TITLE, "cons-xml", xml.sniff_xml(True), xml.parse,
            "CONSOLIDATED.XML (sdnList layout with non-SDN programs)"),
    _format("ofac-xml", SDN, SDN_TITLE, "sdn-xml", xml.sniff_xml(False), xml.parse,
            "SDN.XML (sdnList layout)"),
    _format("ofac-cons-prim-csv", CONS, CONS_TITLE, "cons-csv", csv_set.sniff_lone(True),
            csv_set.parse_lone, "a lone cons_prim.csv"),
    _format("ofac-sdn-csv", SDN, SDN_TITLE, "sdn-csv", csv_set.sniff_lone(False),
            csv_set.parse_lone, "a lone sdn.csv; names, dates and documents read from Remarks"),
]

__all__ = ["FORMATS"]
