"""The repeated parts of a UN record: aliases, birth dates and places, addresses, documents.

Each function consumes one element child by child and reports any child it does not know
as `unknown-element` with the record, so a change of the publisher's layout shows at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from lxml import etree

from coalition.model import Entity
from coalition.model.dates import expand_years, parse_date
from coalition.sources.aliases import add_names, names_in_note
from coalition.sources.base import ImportContext, load_source
from coalition.sources.xmlsafe import local, text_of

SOURCE: dict[str, Any] = load_source(__package__)
_NULLS = {str(v).lower() for v in SOURCE["null_values"]}
_XS_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")
DATE_TAGS = {"DATE", "DATE_OF_BIRTH", "DATE_OF_ISSUE", "LISTED_ON", "VALUE"}


def xs_date(text: str) -> str:
    """An xs:date without its time zone: the UN writes some as `2015-07-01-04:00`."""
    m = _XS_DATE.match(text)
    return m.group(1) if m else text


def is_null(text: str | None) -> bool:
    """True for the publisher's 'not available' markers (`na`)."""
    return text is None or text.strip().lower() in _NULLS


def fields(elem: etree._Element, known: tuple[str, ...], ctx: ImportContext,
           ref: str) -> dict[str, str]:
    """The texts of `elem`'s children by tag; children not in `known` are reported."""
    out: dict[str, str] = {}
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        tag = local(child)
        if tag not in known:
            ctx.unknown("unknown-element", f"{elem.tag}/{tag}", ref)
            continue
        text = text_of(child)
        if text and not is_null(text):
            if tag in DATE_TAGS:
                text = xs_date(text)
            out[tag] = f"{out[tag]}; {text}" if tag in out else text
    return out


def script_of(text: str) -> str:
    """The Unicode script most letters of `text` are written in (ARABIC, CYRILLIC, CJK…)."""
    scripts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            scripts[unicodedata.name(ch, "UNKNOWN").split()[0]] += 1
    return scripts.most_common(1)[0][0] if scripts else "UNKNOWN"


def alias(elem: etree._Element, entity: Entity, ctx: ImportContext, ref: str,
          source: dict[str, Any]) -> None:
    """INDIVIDUAL_ALIAS / ENTITY_ALIAS: the names go to the property its QUALITY says; one
    ALIAS_NAME may hold several (`أبو بكر البغدادي (Abu Bakr al-Baghdadi; …)`), each added
    on its own with the language of its script; spellings its NOTE lists in brackets too."""
    f = fields(elem, ("QUALITY", "ALIAS_NAME", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH",
                      "COUNTRY_OF_BIRTH"), ctx, ref)
    name = f.get("ALIAS_NAME")
    if not name:
        return
    quality = f.get("QUALITY", "")
    prop = source["alias_quality"].get(quality.lower())
    if prop is None:
        ctx.unknown("unknown-code", f"alias QUALITY {quality}", ref)
        prop = "alias"
    add_names(ctx, entity, prop, name, ref, languages=source["script_languages"])
    if "NOTE" in f:
        entity.add("notes", f"{name}: {f['NOTE']}")
        for spelling in names_in_note(f["NOTE"]):  # "(Abu Du’a; Abu Duaa’) known by this…"
            entity.add(prop, spelling, original=f["NOTE"])
    if entity.schema.is_a("Person"):
        entity.add("birthDate", f.get("DATE_OF_BIRTH"))
        entity.add("birthCountry", f.get("COUNTRY_OF_BIRTH"))
        place = ", ".join(v for v in (f.get("CITY_OF_BIRTH"), f.get("COUNTRY_OF_BIRTH")) if v)
        entity.add("birthPlace", place or None)


def birth_date(elem: etree._Element, entity: Entity, ctx: ImportContext, ref: str) -> None:
    """INDIVIDUAL_DATE_OF_BIRTH: EXACT and APPROXIMATELY as given, BETWEEN as one year each."""
    f = fields(elem, ("TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"), ctx, ref)
    kind = f.get("TYPE_OF_DATE", "").upper()
    if kind == "BETWEEN":
        try:
            years = expand_years(int(f["FROM_YEAR"]), int(f["TO_YEAR"]))
        except (KeyError, ValueError):
            years = []
        if not years:
            ctx.unknown("invalid-value", f"birth years between {f.get('FROM_YEAR')!r} and "
                        f"{f.get('TO_YEAR')!r}", ref)
        entity.add("birthDate", years)
    elif kind in ("EXACT", "APPROXIMATELY", ""):
        value = f.get("DATE") or f.get("YEAR")
        if value is None and "NOTE" in f:
            value = parse_date(f["NOTE"])  # e.g. "Nov. 1973" as the only statement
            if value is not None:
                entity.add("birthDate", value, original=f["NOTE"])
                return
        entity.add("birthDate", value)
    else:
        ctx.unknown("unknown-code", f"TYPE_OF_DATE {kind}", ref)
        entity.add("birthDate", f.get("DATE") or f.get("YEAR"))
    if "NOTE" in f:
        entity.add("notes", f"Date of birth: {f['NOTE']}")


def birth_place(elem: etree._Element, entity: Entity, ctx: ImportContext, ref: str) -> None:
    """INDIVIDUAL_PLACE_OF_BIRTH: the place as text and the country."""
    f = fields(elem, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"), ctx, ref)
    place = ", ".join(f[k] for k in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")
                      if k in f)
    entity.add("birthPlace", place or None)
    entity.add("birthCountry", f.get("COUNTRY"))


def address(elem: etree._Element, entity: Entity, ctx: ImportContext,
            ref: str) -> list[Entity]:
    """INDIVIDUAL_ADDRESS / ENTITY_ADDRESS: an Address entity and the text on the record."""
    f = fields(elem, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"), ctx, ref)
    full = ", ".join(f[k] for k in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
                     if k in f)
    if not full:
        if "NOTE" in f:
            entity.add("notes", f"Address: {f['NOTE']}")
        return []
    addr = ctx.make_child("Address", entity, "address", full)
    addr.add("full", full)
    addr.add("street", f.get("STREET"))
    addr.add("city", f.get("CITY"))
    addr.add("region", f.get("STATE_PROVINCE"))
    addr.add("postalCode", f.get("ZIP_CODE"))
    addr.add("country", f.get("COUNTRY"))
    addr.add("remarks", f.get("NOTE"))
    entity.add("address", full)
    entity.add("addressEntity", addr.id)
    entity.add("country", f.get("COUNTRY"))
    return [addr]


def document(elem: etree._Element, entity: Entity, ctx: ImportContext, ref: str,
             passport_words: list[str]) -> list[Entity]:
    """INDIVIDUAL_DOCUMENT: a Passport or Identification entity held by the person."""
    f = fields(elem, ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY",
                      "COUNTRY_OF_ISSUE", "DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE"), ctx, ref)
    if not f:
        return []
    kind = " ".join(" ".join(f[k].split()) for k in ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2")
                    if k in f)
    number = f.get("NUMBER")
    if number is None:
        # A document named without a number says something about the person, not an id.
        entity.add("notes", "Document: " + "; ".join(f.values()))
        return []
    is_passport = any(w in kind.lower() for w in passport_words)
    doc = ctx.make_child("Passport" if is_passport else "Identification", entity, "document",
                         kind, number)
    doc.add("holder", entity.id)
    doc.add("type", kind or None)
    doc.add("number", number)
    doc.add("country", [f.get("ISSUING_COUNTRY"), f.get("COUNTRY_OF_ISSUE")])
    doc.add("startDate", f.get("DATE_OF_ISSUE"))
    doc.add("authority", f.get("CITY_OF_ISSUE"))
    doc.add("summary", f.get("NOTE"))
    if is_passport:
        doc.add("passportNumber", number)
        entity.add("passportNumber", number)
    else:
        entity.add("idNumber", number)
    return [doc]
