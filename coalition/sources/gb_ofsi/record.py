"""One OFSI listing: the rows sharing a Group ID become one entity with its children.

Every column of every row is consumed here or named in `source.yaml`; a value the mapping
tables do not know is reported with the record (`gb-ofsi:<Group ID>`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coalition.model import Entity, countries
from coalition.sources.aliases import add_names as add_published
from coalition.sources.base import ImportContext, load_source
from coalition.sources.gb_ofsi.rows import Row
from coalition.sources.gb_ofsi.values import (
    country_values,
    current_country,
    ofsi_date,
    reference_code,
    split_numbered,
    tagged,
)

SOURCE: dict[str, Any] = load_source(__package__)
NAME_COLUMNS: list[str] = SOURCE["columns"]["names"]
KNOWN_COLUMNS = frozenset(SOURCE["columns"]["all"])
UN_REF_COLUMNS: list[str] = SOURCE["columns"]["un_ref"]
ADDRESS_COLUMNS = [f"Address {i}" for i in range(1, 7)]
TAGS: dict[str, str | None] = SOURCE["other_information"]
WEAK = {q.lower() for q in SOURCE["weak_quality"]}
ALIAS_TYPES = {k.lower(): v for k, v in SOURCE["alias_types"].items()}


def put(ctx: ImportContext, entity: Entity, prop: str, value: object, ref: str,
        **kwargs: Any) -> None:
    """Add a value where the schema has the property; report it with the record otherwise."""
    if value is None or value == "" or value == []:
        return
    if prop not in entity.schema.properties:
        ctx.unknown("property-not-in-schema", f"{entity.schema.name}.{prop}", ref)
        return
    entity.add(prop, value, **kwargs)


def whole_name(row: Row) -> str | None:
    """Name 1..5 then Name 6 (the surname), as OFSI writes a name in running text."""
    parts = [row.values.get(c) for c in NAME_COLUMNS[:5]] + [row.values.get("Name 6")]
    name = " ".join(p for p in parts if p)
    return name or None


def add_names(ctx: ImportContext, entity: Entity, row: Row, ref: str) -> None:
    v = row.values
    name = whole_name(row)
    alias_type = v.get("Alias Type")
    prop = ALIAS_TYPES.get((alias_type or "primary name").lower())
    if prop is None:
        ctx.unknown("unknown-code", f"Alias Type {alias_type}", ref)
        prop = "alias"
    quality = v.get("Alias Quality")
    if quality and quality.lower() in WEAK and prop != "name":
        prop = "weakAlias"
    elif quality and quality.lower() not in WEAK and quality.lower() != "good quality":
        ctx.unknown("unknown-code", f"Alias Quality {quality}", ref)
    add_published(ctx, entity, prop, name, ref)
    if prop == "name" and entity.schema.is_a("Person"):
        put(ctx, entity, "firstName", v.get("Name 1"), ref)
        middle = " ".join(p for c in NAME_COLUMNS[1:5] if (p := v.get(c)))
        put(ctx, entity, "middleName", middle, ref)
        put(ctx, entity, "lastName", v.get("Name 6"), ref)
    put(ctx, entity, "title", split_numbered(v.get("Title")), ref)
    script_name = v.get("Name Non-Latin Script")
    if script_name:
        add_published(ctx, entity, "alias", script_name, ref, lang=language(ctx, row, ref))


def language(ctx: ImportContext, row: Row, ref: str) -> str | None:
    """ISO 639-3 code of a non-Latin name from its language, or else its script, column."""
    for column in ("Non-Latin Script Language", "Non-Latin Script Type"):
        value = row.values.get(column)
        if not value:
            continue
        if value in SOURCE["languages"]:
            code = SOURCE["languages"][value]
            if code:
                return str(code)
            continue
        ctx.unknown("unknown-code", f"{column} {value}", ref)
    return None


def add_person_facts(ctx: ImportContext, entity: Entity, row: Row, ref: str) -> None:
    v = row.values
    dob = v.get("DOB")
    if dob:
        prefix = ofsi_date(dob)
        if prefix is None:
            ctx.unknown("invalid-value", f"DOB {dob!r}", ref)
        put(ctx, entity, "birthDate", prefix, ref, original=dob)
    put(ctx, entity, "birthPlace", split_numbered(v.get("Town of Birth")), ref)
    put(ctx, entity, "birthCountry", country_values(v.get("Country of Birth")), ref)
    put(ctx, entity, "nationality", country_values(v.get("Nationality")), ref)
    put(ctx, entity, "position", split_numbered(v.get("Position")), ref)


def documents(ctx: ImportContext, entity: Entity, row: Row, ref: str) -> Iterator[Entity]:
    """Passports and national identification numbers, paired with their details by number."""
    v = row.values
    for schema, number_col, details_col, prop in (
        ("Passport", "Passport Number", "Passport Details", "passportNumber"),
        ("Identification", "National Identification Number", "National Identification Details",
         "idNumber"),
    ):
        numbers = split_numbered(v.get(number_col))
        details = split_numbered(v.get(details_col))
        if not numbers:
            if details:  # details without a number: kept on the record, not lost
                put(ctx, entity, "notes", f"{details_col}: {v[details_col]}", ref)
            continue
        paired = len(details) == len(numbers)
        for i, number in enumerate(numbers):
            put(ctx, entity, prop, number, ref)
            doc = ctx.make_child(schema, entity, schema, number)
            doc.add("holder", entity.id)
            doc.add("number", number)
            if schema == "Passport":
                doc.add("passportNumber", number)
            else:
                doc.add("type", "National identification number")
            detail = details[i] if paired else v.get(details_col)
            if detail:
                doc.add("summary", detail)
                head = detail.split(".")[0].split(",")[0].strip()
                if countries.to_code(head):
                    doc.add("country", head)
            yield doc


def address(ctx: ImportContext, entity: Entity, row: Row, ref: str) -> Entity | None:
    v = row.values
    lines = [v[c] for c in ADDRESS_COLUMNS if v.get(c)]
    postal, country = v.get("Post/Zip Code"), v.get("Country")
    if not lines and not postal and not country:
        return None
    full = ", ".join([*lines, *(p for p in (postal, country) if p)])
    addr = ctx.make_child("Address", entity, "address", full)
    addr.add("full", full)
    addr.add("postalCode", postal)
    if country:
        country = current_country(country) or country
        addr.add("country", country)
    put(ctx, entity, "addressEntity", addr.id, ref)
    put(ctx, entity, "address", full, ref)
    if country and countries.to_code(country):
        put(ctx, entity, "country", country, ref)
    return addr


def sanction(ctx: ImportContext, entity: Entity, row: Row, ref: str) -> Entity:
    v = row.values
    regime = v.get("Regime") or ""
    s = ctx.make_child("Sanction", entity, "gb-ofsi", ref, regime)
    s.add("entity", entity.id)
    s.add("authority", SOURCE["publisher"])
    s.add("country", "gb")
    s.add("program", regime)
    put(ctx, entity, "program", regime, ref)
    for column, prop in (("Listed On", "startDate"), ("Listed On", "listingDate"),
                         ("UK Sanctions List Date Designated", "listingDate"),
                         ("Last Updated", "modifiedAt")):
        if v.get(column):
            s.add(prop, ofsi_date(v[column]), original=v[column])
    for column in UN_REF_COLUMNS:
        for un_ref in split_numbered(v.get(column)):
            s.add("unscId", un_ref)
    return s


def other_information(ctx: ImportContext, entity: Entity, sanction_entity: Entity, row: Row,
                      ref: str) -> None:
    """The notes text, and the tagged facts inside it mapped as `source.yaml` says."""
    text = row.values.get("Other Information")
    if not text:
        return
    put(ctx, entity, "notes", text, ref)
    for tag, value in tagged(text, list(TAGS)).items():
        target = TAGS[tag]
        if target is None:
            continue
        if target.startswith("sanction."):
            prop = target.removeprefix("sanction.")
            if prop == "reason":
                sanction_entity.add(prop, value)
            else:
                sanction_entity.add(prop, reference_code(value) or value)
            continue
        if target == "gender":
            value = value.split()[0].rstrip(".;,") if value.split() else value
        if target == "buildDate":
            put(ctx, entity, target, value[:4] if value[:4].isdigit() else value, ref)
            continue
        if target in ("flag", "pastFlags"):
            put(ctx, entity, target, country_values(value), ref)
            continue
        put(ctx, entity, target, split_numbered(value), ref)


def map_group(ctx: ImportContext, group_id: str, rows: list[Row]) -> Iterator[Entity]:
    """The entity of one Group ID and its sanctions, documents and addresses."""
    ref = group_id
    group_type = rows[0].values.get("Group Type") or ""
    schema = SOURCE["group_types"].get(group_type)
    if schema is None:
        ctx.unknown("unknown-code", f"Group Type {group_type!r}", ref)
        schema = "LegalEntity"
    entity = ctx.make(schema, ref)
    entity.add("topics", "sanction")
    children: dict[str, Entity] = {}
    for row in rows:
        for column in row.values:
            if column not in KNOWN_COLUMNS:
                ctx.unknown("unknown-column", column, ref)
        if row.values.get("Group Type", group_type) != group_type:
            ctx.unknown("conflicting-value", f"Group Type {row.values['Group Type']!r} "
                        f"in a {group_type} group (line {row.line})", ref)
        add_names(ctx, entity, row, ref)
        if entity.schema.is_a("Person"):
            add_person_facts(ctx, entity, row, ref)
        else:
            for column in ("DOB", "Town of Birth", "Country of Birth", "Nationality", "Position"):
                if row.values.get(column):
                    ctx.unknown("value-for-other-schema", f"{column} of a {schema}", ref)
                    put(ctx, entity, "notes", f"{column}: {row.values[column]}", ref)
        s = sanction(ctx, entity, row, ref)
        other_information(ctx, entity, s, row, ref)
        found = [s, *documents(ctx, entity, row, ref)]
        addr = address(ctx, entity, row, ref)
        if addr is not None:
            found.append(addr)
        for child in found:
            if child.id in children:
                children[child.id].merge(child)
            else:
                children[child.id] = child
    yield entity
    yield from children.values()
