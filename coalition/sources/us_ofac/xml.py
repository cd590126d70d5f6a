"""OFAC's XML layout `sdnList` / `sdnEntry` (SDN.XML and CONSOLIDATED.XML share it).

Both lists are published in one layout, so the dataset is judged from the content: a file
whose entries carry a program that exists only on the non-SDN lists (source.yaml
`non_sdn_programs`: NS-PLC, CMIC-EO13959, 561-Related, FSE-…) is the consolidated list
(`us-ofac-cons`), any other sdnList is the SDN list (`us-ofac-sdn`). The id list items
(`idType` + `idNumber`) are read with the same rules as CSV remarks, so a document, a
website or a sanctions note means the same in both layouts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from coalition.model import Entity, dates
from coalition.sources.base import ImportContext
from coalition.sources.us_ofac.common import EntityBuilder, Entry
from coalition.sources.us_ofac.rules import rules
from coalition.sources.xmlsafe import iter_elements, local, root_tag

_PROGRAM = re.compile(rb"<(?:\w+:)?program>\s*([^<]*?)\s*</(?:\w+:)?program>")
_ENTRY = re.compile(rb"<(?:\w+:)?sdnEntry[\s>]")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
VESSEL = {"callSign": "callSign", "vesselType": "type", "vesselFlag": "flag",
          "tonnage": "tonnage", "grossRegisteredTonnage": "grossRegisteredTonnage"}
ENTRY_PARTS = {"uid", "firstName", "lastName", "title", "sdnType", "remarks", "programList",
               "idList", "akaList", "addressList", "nationalityList", "citizenshipList",
               "dateOfBirthList", "placeOfBirthList", "vesselInfo"}


def children(elem: etree._Element) -> dict[str, str]:
    """Local name -> stripped text of an element's simple children."""
    out: dict[str, str] = {}
    for child in elem:
        if isinstance(child.tag, str):
            text = (child.text or "").strip()
            if text:
                out[local(child)] = text
    return out


def items(elem: etree._Element, name: str) -> list[etree._Element]:
    """The children named `name` (any namespace) of the child list `elem`."""
    return [c for c in elem if isinstance(c.tag, str) and local(c) == name]


def us_date(text: str | None) -> str | None:
    """An ISO date from OFAC's MM/DD/YYYY publish date."""
    m = _US_DATE.match((text or "").strip())
    if not m:
        return None
    return dates.parse_date(f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}")


def xml_programs(path: Path) -> list[list[str]]:
    """The `<program>` values of each sdnEntry (a byte scan, no parse: used for detection)."""
    data = path.read_bytes()
    return [
        [m.group(1).decode("utf-8", "replace") for m in _PROGRAM.finditer(chunk)]
        for chunk in _ENTRY.split(data)[1:]
    ]


def sniff_xml(consolidated: bool) -> Callable[[Path, bytes], bool]:
    def sniff(path: Path, head: bytes) -> bool:
        if path.is_dir() or root_tag(head) != "sdnList":
            return False
        return rules().is_consolidated(xml_programs(path)) == consolidated
    return sniff


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    builder = EntityBuilder(ctx)
    for elem in iter_elements(path, {"sdnEntry", "publshInformation"}):
        if local(elem) == "publshInformation":
            ctx.list_date = us_date(children(elem).get("Publish_Date"))
            continue
        entry(builder, elem, ctx)
    yield from builder.finish()


def entry(builder: EntityBuilder, elem: etree._Element, ctx: ImportContext) -> None:
    """One sdnEntry, consumed part by part; a part not known is reported."""
    simple = children(elem)
    ref = simple.get("uid")
    if not ref:
        ctx.unknown("missing-value", "sdnEntry without uid", None)
        return
    parts = {local(c): c for c in elem if isinstance(c.tag, str)}
    for name in parts:
        if name not in ENTRY_PARTS:
            ctx.unknown("unknown-element", f"sdnEntry/{name}", ref)
    vessel: dict[str, str] = {}
    owner = None
    if "vesselInfo" in parts:
        info = children(parts["vesselInfo"])
        owner = info.pop("vesselOwner", None)
        for key, value in info.items():
            if key in VESSEL:
                vessel[VESSEL[key]] = value
            else:
                ctx.unknown("unknown-element", f"vesselInfo/{key}", ref)
    programs = [p.text.strip() for p in items(parts["programList"], "program")
                if p.text and p.text.strip()] if "programList" in parts else []
    title = simple.get("title")
    entity = builder.entry(Entry(
        ref=ref, sdn_type=simple.get("sdnType", ""), first_name=simple.get("firstName"),
        last_name=simple.get("lastName"), programs=programs,
        titles=[t.strip() for t in (title or "").split(";") if t.strip()],
        vessel=vessel, vessel_owner=owner, remarks=simple.get("remarks"),
    ))
    if "akaList" in parts:
        for aka in items(parts["akaList"], "aka"):
            a = children(aka)
            name = ", ".join(p for p in (a.get("lastName"), a.get("firstName")) if p)
            builder.alias(entity, a.get("type"), name, a.get("category"), ref)
    if "addressList" in parts:
        for addr in items(parts["addressList"], "address"):
            a = children(addr)
            street = ", ".join(a[k] for k in ("address1", "address2", "address3") if k in a)
            builder.address(
                entity, a.get("uid", street), [street or None, a.get("city"),
                                               a.get("stateOrProvince"), a.get("postalCode")],
                a.get("country"), None, ref, street=street or None, city=a.get("city"),
                postal_code=a.get("postalCode"), state=a.get("stateOrProvince"),
            )
    for list_name, item_name, field, prop in (
        ("nationalityList", "nationality", "country", "nationality"),
        ("citizenshipList", "citizenship", "country", "citizenship"),
        ("dateOfBirthList", "dateOfBirthItem", "dateOfBirth", "DOB"),
        ("placeOfBirthList", "placeOfBirthItem", "placeOfBirth", "POB"),
    ):
        if list_name not in parts:
            continue
        for item in items(parts[list_name], item_name):
            text = children(item).get(field)
            if not text:
                continue
            if prop in ("DOB", "POB"):
                builder.remarks(entity, f"{prop} {text}", ref)
            else:
                builder.put(entity, prop, text, ref, label=prop)
    if "idList" in parts:
        for ident in items(parts["idList"], "id"):
            i = children(ident)
            text = " ".join(p for p in (i.get("idType"), i.get("idNumber")) if p)
            if i.get("idCountry"):
                text += f" ({i['idCountry']})"
            if i.get("issueDate"):
                text += f" issued {i['issueDate']}"
            if i.get("expirationDate"):
                text += f" expires {i['expirationDate']}"
            for fact in builder.parser.parse_item(text):
                builder.fact(entity, fact, ref)
