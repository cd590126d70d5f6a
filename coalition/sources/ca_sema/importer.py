"""Canada's SEMA list XML: one <record> per listed person, entity or ship.

A record with a ShipIMONumber is a Vessel, one with EntityOrShip an Organization, one with
LastName/GivenName a Person. Its reference is the regulations, schedule and item it is
listed under (`ca-sema:Russia-S1P1-12`), unique over the publisher's file. The <Country>
names the regulations (a regime, not the person's nationality), so it goes to the Sanction
with the schedule and the date of listing. Elements not mapped are reported with the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from anyascii import anyascii
from lxml import etree

from coalition.errors import FormatError, InputError
from coalition.model import Entity
from coalition.model.dates import expand_years
from coalition.sources.aliases import add_names, split_aliases
from coalition.sources.base import Format, ImportContext, load_source
from coalition.sources.xmlsafe import local, parse_tree, root_tag, text_of

SOURCE: dict[str, Any] = load_source(__package__)
ROOT = "data-set"
KNOWN = {"Country", "LastName", "GivenName", "EntityOrShip", "TitleOrShip", "ShipIMONumber",
         "DateOfBirthOrShipBuildDate", "Aliases", "Schedule", "Item", "DateOfListing"}
_SCHEDULE = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*,?\s*)?(?:Part\s*(\d+(?:\.\d+)?))?$", re.I)
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_SLUG = re.compile(r"[^A-Za-z0-9]+")
_REGIMES = {" ".join(k.split()): v for k, v in SOURCE["regimes"].items()}


def sniff(path: Path, head: bytes) -> bool:
    return not path.is_dir() and root_tag(head) == ROOT and b"<record" in head


def schedule_key(schedule: str | None) -> str | None:
    """`1, Part 1` -> `S1P1`, `Part 2` -> `P2`, `1.1` -> `S1.1`, none -> ``; None if unreadable."""
    if not schedule:
        return ""
    m = _SCHEDULE.match(schedule.strip())
    if not m or not (m.group(1) or m.group(2)):
        return None
    return (f"S{m.group(1)}" if m.group(1) else "") + (f"P{m.group(2)}" if m.group(2) else "")


def regime(country: str) -> dict[str, Any] | None:
    """The regulations a <Country> names (key, country, program), None when not in the table."""
    found = _REGIMES.get(" ".join(country.split()))
    return dict(found) if found else None


def birth_dates(text: str) -> list[str]:
    """`1963-1964` -> both years, `1972-08-10 or 1972-08-11` -> both; others as written."""
    out: list[str] = []
    for part in _OR.split(text.strip()):
        m = _YEAR_RANGE.match(part.strip())
        years = expand_years(int(m.group(1)), int(m.group(2))) if m else []
        out.extend(years or [part.strip()])
    return out


def parse_record(elem: etree._Element, ctx: ImportContext, path: Path) -> Iterator[Entity]:
    where = f"{path}:line {elem.sourceline}"
    f: dict[str, str] = {}
    country, item = text_of(elem, "Country"), text_of(elem, "Item")
    if not country or not item:
        raise InputError("a <record> needs a <Country> and an <Item>", where=where)
    schedule = text_of(elem, "Schedule")
    reg = regime(country)
    skey = schedule_key(schedule)
    ref = "-".join(p for p in (
        reg["key"] if reg else _SLUG.sub("", anyascii(country.split(" / ")[0])),
        _SLUG.sub("", schedule or "") if skey is None else skey,
        item) if p)
    if reg is None:
        ctx.unknown("unknown-code", f"Country {country}", ref)
        reg = {"key": ref.rsplit("-", 1)[0], "country": None, "program": country}
    if skey is None:
        ctx.unknown("unknown-code", f"Schedule {schedule}", ref)
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        tag = local(child)
        if tag not in KNOWN:
            ctx.unknown("unknown-element", f"record/{tag}", ref)
        elif text := text_of(child):
            f[tag] = text
    if "ShipIMONumber" in f:
        entity = ctx.make("Vessel", ref)
        entity.add("name", f.get("EntityOrShip"))
        entity.add("type", f.get("TitleOrShip"))
        entity.add("imoNumber", "IMO" + f["ShipIMONumber"].upper().removeprefix("IMO").strip())
        entity.add("buildDate", f.get("DateOfBirthOrShipBuildDate"))
    elif "EntityOrShip" in f:
        entity = ctx.make("Organization", ref)
        entity.add("name", f["EntityOrShip"])
        entity.add("notes", f.get("TitleOrShip"))
        entity.add("incorporationDate", f.get("DateOfBirthOrShipBuildDate"))
    elif "LastName" in f or "GivenName" in f:
        entity = ctx.make("Person", ref)
        given, last = f.get("GivenName"), f.get("LastName")
        entity.add("name", " ".join(p for p in (given, last) if p))
        entity.add("firstName", given)
        entity.add("lastName", last)
        entity.add("title", f.get("TitleOrShip"))
        if "DateOfBirthOrShipBuildDate" in f:
            entity.add("birthDate", birth_dates(f["DateOfBirthOrShipBuildDate"]))
    else:
        raise InputError("a <record> needs a name: LastName/GivenName or EntityOrShip",
                         where=where)
    if "Aliases" in f:
        for name, lang in split_aliases(f["Aliases"], SOURCE["alias_languages"],
                                        person=entity.schema.is_a("Person")):
            add_names(ctx, entity, "alias", name, ref, lang=lang)
    entity.add("topics", "sanction")
    entity.add("program", reg["program"])
    sanction = ctx.make_child("Sanction", entity, "ca-sema", ref)
    sanction.add("entity", entity.id)
    sanction.add("authority", "Government of Canada")
    sanction.add("program", reg["program"])
    sanction.add("programId", reg["key"])
    sanction.add("country", reg["country"])
    sanction.add("provisions", f"Schedule {schedule}, item {item}" if schedule else f"Item {item}")
    sanction.add("listingDate", f.get("DateOfListing"))
    sanction.add("startDate", f.get("DateOfListing"))
    yield entity
    yield sanction


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    root = parse_tree(path).getroot()
    if local(root) != ROOT:
        raise FormatError(f"the root element is <{local(root)}>, expected <{ROOT}>",
                          where=f"{path}:line {root.sourceline}")
    latest: str | None = None
    for elem in root:
        if not isinstance(elem.tag, str):
            continue
        if local(elem) != "record":
            ctx.unknown("unknown-element", f"{ROOT}/{local(elem)}", None)
            continue
        for entity in parse_record(elem, ctx, path):
            if entity.schema.name == "Sanction":
                listed = entity.first("listingDate")
                latest = max(latest or "", listed or "") or None
            yield entity
    # The file carries no date of its own: the newest listing is the earliest it can be from.
    ctx.list_date = latest


FORMATS = [Format.from_source(SOURCE, sniff, parse)]
