"""The EU Financial Sanctions Files XML (`eu-fsf-xml`): one <sanctionEntity> per listing.

The reference is the listing's logicalId (`eu-fsf:13`), the id the derived JSON exports carry
too ("EU-13"). subjectType person -> Person, enterprise -> Organization. Strong name aliases
are names (the first without a language is `name`), weak ones `weakAlias`; citizenships,
birth dates, identifications (Passport / Identification), addresses (Address) and
regulations (one Sanction with the EU and UN references) are mapped. Elements and
attributes the importer does not know are reported with the record. Works with either
namespace the Commission has used (…/fsd/export, …/fsd/model): elements are matched by
local name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coalition.errors import FormatError, InputError
from coalition.model import Entity
from coalition.model.dates import expand_years
from coalition.sources.aliases import add_names as add_published
from coalition.sources.base import ImportContext
from coalition.sources.eu_fsf.common import SOURCE, language, new_sanction
from coalition.sources.xmlsafe import iter_elements, local, root_tag

UNKNOWN_COUNTRY = set(SOURCE["unknown_country"])
ATTRIBUTES = {k: frozenset(v) for k, v in SOURCE["attributes"].items()}
_GENERATED = re.compile(rb'generationDate="(\d{4}-\d{2}-\d{2})')
_BOOKKEEPING = {"regulationSummary"}


def sniff(path: Path, head: bytes) -> bool:
    return (not path.is_dir() and root_tag(head) == "export" and b"sanctionEntity" in head)


def attrs(ctx: ImportContext, elem: etree._Element, ref: str) -> dict[str, str]:
    """The element's non-empty attributes; attributes not in source.yaml are reported."""
    tag = local(elem)
    known = ATTRIBUTES.get(tag, frozenset())
    out = {}
    for key, value in elem.attrib.items():
        key = str(key)
        if key not in known:
            ctx.unknown("unknown-attribute", f"{tag}@{key}", ref)
        value = str(value).strip()
        if value:
            out[key] = value
    return out


def country(a: dict[str, str]) -> str | None:
    code = a.get("countryIso2Code")
    if code and code not in UNKNOWN_COUNTRY:
        return code
    description = a.get("countryDescription")
    return description if description and description.upper() != "UNKNOWN" else None


def remarks(elem: etree._Element) -> list[str]:
    return [t.strip() for r in elem if isinstance(r.tag, str) and local(r) == "remark"
            and (t := r.text or "").strip()]


def add_names(ctx: ImportContext, entity: Entity, aliases: list[etree._Element],
              ref: str) -> None:
    named = False
    for node in sorted(aliases, key=lambda n: (n.get("strong") == "false",
                                                 bool(n.get("nameLanguage")))):
        a = attrs(ctx, node, ref)
        whole = a.get("wholeName")
        lang = language(a.get("nameLanguage"))
        if a.get("strong") == "false":
            add_published(ctx, entity, "weakAlias", whole, ref, lang=lang)
            continue
        add_published(ctx, entity, "alias" if named else "name", whole, ref, lang=lang)
        named = named or bool(whole)
        if entity.schema.is_a("Person"):
            for attr, prop in (("firstName", "firstName"), ("middleName", "middleName"),
                               ("lastName", "lastName"), ("title", "title"),
                               ("function", "position"), ("gender", "gender")):
                entity.add(prop, a.get(attr))
        elif a.get("function"):
            entity.add("notes", a["function"])


def parse_entity(ctx: ImportContext, elem: etree._Element, path: Path) -> Iterator[Entity]:
    ref = (elem.get("logicalId") or elem.get("euReferenceNumber") or "").strip()
    top = attrs(ctx, elem, ref)
    if not ref:
        raise InputError("a sanctionEntity without logicalId or euReferenceNumber",
                         where=f"{path}:line {elem.sourceline}")
    kids = [c for c in elem if isinstance(c.tag, str)]
    subject = next((c for c in kids if local(c) == "subjectType"), None)
    code = subject.get("code") if subject is not None else None
    schema = SOURCE["subject_types"].get(code or "")
    if schema is None:
        ctx.unknown("unknown-code", f"subjectType {code!r}", ref)
        schema = "LegalEntity"
    entity = ctx.make(schema, ref)
    entity.add("topics", "sanction")
    sanction = new_sanction(ctx, entity, ref)
    sanction.add("authorityId", top.get("euReferenceNumber"))
    sanction.add("unscId", top.get("unitedNationId"))
    sanction.add("listingDate", top.get("designationDate"))
    sanction.add("reason", top.get("designationDetails"))
    add_names(ctx, entity, [c for c in kids if local(c) == "nameAlias"], ref)
    children: list[Entity] = []
    person = entity.schema.is_a("Person")
    for child in kids:
        tag = local(child)
        if tag in ("nameAlias", "subjectType"):
            if tag == "subjectType":
                attrs(ctx, child, ref)
            continue
        if tag == "remark":
            entity.add("notes", (child.text or "").strip())
            continue
        a = attrs(ctx, child, ref)
        if tag == "regulation":
            sanction.add("program", a.get("programme"))
            entity.add("program", a.get("programme"))
            sanction.add("listingDate", a.get("publicationDate"))
            sanction.add("startDate", a.get("entryIntoForceDate"))
            sanction.add("description", a.get("numberTitle"))
            for sub in child:
                if isinstance(sub.tag, str) and local(sub) == "publicationUrl":
                    sanction.add("sourceUrl", (sub.text or "").strip())
        elif tag == "citizenship":
            entity.add("nationality" if person else "country", country(a))
        elif tag == "birthdate" and person:
            if a.get("birthdate"):
                entity.add("birthDate", a["birthdate"])
            elif a.get("year"):
                parts = [a["year"], a.get("monthOfYear"), a.get("dayOfMonth")]
                entity.add("birthDate", "-".join(p.zfill(2) for p in parts if p))
            elif a.get("yearRangeFrom") and a.get("yearRangeTo"):
                entity.add("birthDate", expand_years(int(a["yearRangeFrom"]),
                                                     int(a["yearRangeTo"])))
            entity.add("birthPlace", a.get("city") or a.get("place"))
            entity.add("birthCountry", country(a))
        elif tag == "identification":
            children.append(document(ctx, entity, a, child))
        elif tag == "address":
            children.append(address(ctx, entity, a, child))
        else:
            ctx.unknown("unknown-element", f"sanctionEntity/{tag}", ref)
        for sub in child:
            if isinstance(sub.tag, str) and local(sub) not in (
                    _BOOKKEEPING | {"remark", "publicationUrl", "contactInfo"}):
                ctx.unknown("unknown-element", f"{tag}/{local(sub)}", ref)
    yield entity
    yield sanction
    yield from children


def document(ctx: ImportContext, entity: Entity, a: dict[str, str],
             elem: etree._Element) -> Entity:
    number = a.get("number") or a.get("latinNumber") or ""
    passport = a.get("identificationTypeCode") == "passport"
    schema = "Passport" if passport else "Identification"
    doc = ctx.make_child(schema, entity, schema, a.get("logicalId") or number)
    doc.add("holder", entity.id)
    doc.add("number", number)
    if passport:
        doc.add("passportNumber", number)
    doc.add("type", a.get("identificationTypeDescription") or a.get("identificationTypeCode"))
    doc.add("country", country(a))
    doc.add("authority", a.get("issuedBy"))
    doc.add("startDate", a.get("issueDate"))
    doc.add("summary", remarks(elem))
    if entity.schema.is_a("Person"):
        entity.add("passportNumber" if passport else "idNumber", number)
    elif not passport:
        entity.add("registrationNumber", number)
    return doc


def address(ctx: ImportContext, entity: Entity, a: dict[str, str],
            elem: etree._Element) -> Entity:
    keys = ("street", "poBox", "zipCode", "city", "place", "region", "countryDescription")
    full = ", ".join(a[k] for k in keys if a.get(k) and a[k].upper() != "UNKNOWN")
    addr = ctx.make_child("Address", entity, a.get("logicalId") or full)
    addr.add("full", full)
    addr.add("street", a.get("street"))
    addr.add("postOfficeBox", a.get("poBox"))
    addr.add("postalCode", a.get("zipCode"))
    addr.add("city", a.get("city"))
    addr.add("region", a.get("region"))
    addr.add("country", country(a))
    addr.add("remarks", remarks(elem))
    for info in elem:
        if isinstance(info.tag, str) and local(info) == "contactInfo":
            addr.add("remarks", f"{info.get('key', '')}: {info.get('value', '')}".strip(": "))
    entity.add("addressEntity", addr.id)
    entity.add("address", full)
    entity.add("country", country(a))
    return addr


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    with path.open("rb") as fh:
        head = fh.read(4096)
    if root_tag(head) != "export":
        raise FormatError(f"the root element is <{root_tag(head)}>, expected <export> (EU FSF)",
                          where=str(path))
    m = _GENERATED.search(head)
    if m:
        ctx.list_date = m.group(1).decode()
    elements = iter_elements(path, {"sanctionEntity"})
    try:
        for elem in elements:
            yield from parse_entity(ctx, elem, path)
    finally:
        elements.close()  # closes the file at once when a record stops the import
