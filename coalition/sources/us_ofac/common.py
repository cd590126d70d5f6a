"""What every OFAC layout shares: an `Entry` (one SDN record) and the builder that turns entries,
their aliases, addresses and remarks into entities, then resolves `Linked To` across the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from coalition.model import Entity, countries
from coalition.model.identifiers import IMO
from coalition.sources.aliases import add_names
from coalition.sources.base import ImportContext
from coalition.sources.us_ofac.remarks import Fact, RemarkParser, parse_dob
from coalition.sources.us_ofac.rules import Rules, rules

NULLS = ("-0-", "-0")  # "-0" where a file was cut short inside its last null


def null(value: str | None) -> str | None:
    """A field's text, or None for OFAC's null `-0-` and blanks."""
    if value is None:
        return None
    value = value.strip()
    return None if not value or value in NULLS else value


def split_programs(text: str | None) -> list[str]:
    """Programs of an entry: `SDGT] [SDT` (the CSV joins them with `] [`) -> [SDGT, SDT]."""
    if not text:
        return []
    return [p.strip(" []") for p in text.split("] [") if p.strip(" []")]


@dataclass
class Entry:
    """One record of the SDN or consolidated list, whatever file it came from."""

    ref: str
    sdn_type: str
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    programs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    vessel: dict[str, str] = field(default_factory=dict)  # property -> value
    vessel_owner: str | None = None
    remarks: str | None = None


class EntityBuilder:
    """Turns entries into entities through one ImportContext; `finish()` yields them all."""

    def __init__(self, ctx: ImportContext, table: Rules | None = None) -> None:
        self.ctx = ctx
        self.rules = table or rules()
        self.parser = RemarkParser(self.rules)
        self.entities: dict[str, Entity] = {}
        self.sanctions: dict[str, list[Entity]] = {}
        self.links: list[tuple[Entity, str, str]] = []  # (entity, target name, ref)
        self.owners: list[tuple[Entity, str]] = []
        self.names: dict[str, str] = {}

    # -- entries -------------------------------------------------------------------------

    def entry(self, e: Entry) -> Entity:
        """The entity of one entry, with its names, sanctions, vessel data, title and remarks."""
        kind = (e.sdn_type or "").strip().lower()
        schema = self.rules.sdn_types.get(kind)
        if schema is None:
            self.ctx.unknown("unknown-code", f"SDN_Type {e.sdn_type!r}", e.ref)
            schema = "Organization"
        entity = self.ctx.make(schema, e.ref)
        if entity.id in self.entities:
            self.ctx.unknown("duplicate-record", f"entry {e.ref} appears twice", e.ref)
            entity = self.entities[entity.id]
        self.entities[entity.id] = entity
        name = e.name or ", ".join(p for p in (e.last_name, e.first_name) if p)
        entity.add("name", name)
        if name:
            self.names.setdefault(name.upper(), entity.id)
        if entity.schema.is_a("Person"):
            last, first = e.last_name, e.first_name
            if e.name and (last, first) == (None, None) and "," in e.name:
                last, _, first = e.name.partition(",")
            entity.add("lastName", (last or "").strip())
            entity.add("firstName", (first or "").strip())
        entity.add("topics", "sanction")
        sanctions = self.sanctions.setdefault(entity.id, [])
        for program in e.programs:
            entity.add("program", program)
            sanction = self.ctx.make_child("Sanction", entity, "sanction", program)
            sanction.add("entity", entity.id)
            sanction.add("authority", self.rules.authority)
            sanction.add("program", program)
            sanction.add("country", "us")
            sanctions.append(sanction)
            self.entities[sanction.id] = sanction
        for prop, value in e.vessel.items():
            self.put(entity, prop, value, e.ref, label=f"vessel {prop}")
        if e.vessel_owner:
            self.put(entity, "notes", f"Vessel owner: {e.vessel_owner}", e.ref)
            self.owners.append((entity, e.vessel_owner))
        for title in e.titles:
            if entity.schema.is_a("Person"):
                entity.add("position", title)
            else:
                entity.add("notes", f"Title: {title}")
        self.remarks(entity, e.remarks, e.ref, tuple(e.titles))
        return entity

    def alias(self, entity: Entity, alt_type: str | None, name: str | None,
              remark: str | None, ref: str) -> None:
        """One alternate name (alt.csv row, akaList item); a value holding several names
        (`NAME (ACRONYM)`, `A; B`) gives each on its own."""
        if not name:
            return
        prop = self.rules.alt_types.get((alt_type or "").strip().lower())
        if prop is None:
            self.ctx.unknown("unknown-code", f"Alt_type {alt_type!r}", ref)
            prop = "alias"
        if remark:
            if "weak" in remark.lower():
                prop = "weakAlias"
            elif "strong" not in remark.lower():
                self.ctx.unknown("unparsed-alt-remark", remark, ref)
        for found in add_names(self.ctx, entity, prop, name, ref).names:
            if found.prop != "weakAlias":
                self.names.setdefault(found.value.upper(), entity.id)
        if prop != "weakAlias":
            self.names.setdefault(name.upper(), entity.id)

    def address(self, entity: Entity, key: str, parts: list[str | None],
                country: str | None, remark: str | None, ref: str,
                street: str | None = None, city: str | None = None,
                postal_code: str | None = None, state: str | None = None) -> None:
        """One address (add.csv row, addressList item) as an Address entity and text."""
        region = None
        if country and country.strip().lower() in self.rules.unknown_values:
            country = None
        if country and country.lower().startswith("region:"):
            region = country.split(":", 1)[1].strip()
            country = region if countries.to_code(region) else None
        full = ", ".join(p for p in [*parts, region, country] if p)
        if not full:
            return
        addr = self.ctx.make_child("Address", entity, "address", key)
        addr.add("full", full)
        addr.add("street", street)
        addr.add("city", city)
        addr.add("postalCode", postal_code)
        addr.add("state", state)
        addr.add("region", region)
        addr.add("country", country)
        addr.add("remarks", remark)
        self.entities[addr.id] = addr
        entity.add("addressEntity", addr.id)
        entity.add("address", full)
        if country:
            code = countries.to_code(country)
            if code:
                entity.add("country", code)

    # -- remarks -------------------------------------------------------------------------

    def remarks(self, entity: Entity, text: str | None, ref: str,
                titles: tuple[str, ...] = ()) -> None:
        """Parse a Remarks text and put each fact on the entity, its sanctions or its links."""
        for fact in self.parser.parse(text, titles):
            self.fact(entity, fact, ref)

    def fact(self, entity: Entity, fact: Fact, ref: str) -> None:
        """Apply one remark fact."""
        if fact.kind == "name" and fact.prop:
            add_names(self.ctx, entity, fact.prop, fact.value, ref)
        elif fact.kind in ("prop", "title"):
            if fact.prop == "birthCountry" and not countries.to_code(fact.value):
                return  # POB "Jeddah, Saudi Arabia": the country part only when it is one
            self.put(entity, fact.prop or "notes", fact.value, ref, label=fact.label)
        elif fact.kind == "link":
            self.links.append((entity, fact.value, ref))
        elif fact.kind == "identifier":
            self.identifier(entity, fact, ref)
        elif fact.kind == "sanction":
            targets = self.sanctions.get(entity.id) or []
            for sanction in targets:
                sanction.add("provisions", fact.value)
            if not targets:
                entity.add("notes", fact.value)
        elif fact.kind == "note":
            entity.add("notes", fact.value)
        elif fact.kind == "invalid":
            self.ctx.unknown("invalid-value", f"{fact.label}: {fact.value}", ref)
        else:  # kept as a note, so nothing is lost, and reported
            entity.add("notes", fact.value)
            self.ctx.unknown("unparsed-remark", fact.label or fact.value, ref)

    def put(self, entity: Entity, prop: str, value: str, ref: str,
            label: str | None = None) -> None:
        """Add a value; a property the schema lacks goes to a near one or is reported."""
        if value.strip().lower() in self.rules.unknown_values:
            return
        if prop not in entity.schema.properties:
            if prop in ("nationality", "citizenship", "jurisdiction") and \
                    "country" in entity.schema.properties:
                prop = "country"
            else:
                self.ctx.unknown("remark-not-applicable",
                                 f"{entity.schema.name}.{prop} ({label})", ref)
                entity.add("notes", f"{label or prop}: {value}")
                return
        ptype = entity.schema.get(prop).type
        if ptype == "country" and value.lower().startswith("region:"):
            value = value.split(":", 1)[1].strip()
        if prop == "imoNumber":
            self.imo(entity, value, ref)
        elif ptype == "date":
            self.date(entity, prop, value)
        else:
            entity.add(prop, value)

    @staticmethod
    def date(entity: Entity, prop: str, value: str) -> None:
        """A date property; a range ("01 Jan 2008 to 31 Dec 2010") gives one value per year."""
        found = parse_dob(value)
        if found:
            for prefix in found:
                entity.add(prop, prefix, original=value)
        else:
            entity.add(prop, value)

    def imo(self, entity: Entity, number: str, ref: str) -> None:
        """An IMO number. A ship's (imoNumber) must pass the check digit; a company's (the IMO
        Unique Company Identification Number) has none, so it is kept as a registration number."""
        digits = number.strip()
        if entity.schema.is_a("Vessel") or entity.schema.is_a("Airplane"):
            if IMO.normalize(digits) is None:
                self.ctx.unknown("invalid-value", f"IMO {number} (check digit)", ref)
                entity.add("notes", f"IMO {number}")
                return
            entity.add("imoNumber", digits)
            return
        self.identifier(entity, Fact("identifier", f"IMO{digits}", prop="registrationNumber",
                                     label="IMO Company Number"), ref)

    def identifier(self, entity: Entity, fact: Fact, ref: str) -> None:
        """A document or registry number: a property of the entity and, for a legal entity,
        an Identification (or Passport) entity with its country and dates."""
        if fact.prop:
            self.put(entity, fact.prop, fact.value, ref, label=fact.label)
        if not entity.schema.is_a("LegalEntity"):
            if not fact.prop:
                entity.add("notes", f"{fact.label}: {fact.value}")
            return
        schema = "Passport" if fact.passport else "Identification"
        doc = self.ctx.make_child(schema, entity, fact.label, fact.value, fact.country)
        doc.add("holder", entity.id)
        doc.add("type", fact.label)
        doc.add("number", fact.value)
        if fact.passport:
            doc.add("passportNumber", fact.value)
        if fact.country:
            if countries.to_code(fact.country):
                doc.add("country", fact.country)
            else:
                doc.add("summary", fact.country)
        if fact.issued:
            self.date(doc, "startDate", fact.issued)
        if fact.expires:
            self.date(doc, "endDate", fact.expires)
        self.entities[doc.id] = doc

    # -- the end of the file -------------------------------------------------------------

    def resolve(self, name: str) -> str | None:
        """The id of the entry in this file whose name (or strong alias) is exactly `name`."""
        key = name.strip().upper()
        return self.names.get(key) or self.names.get(key + ".") or self.names.get(key.rstrip("."))

    def finish(self) -> Iterator[Entity]:
        """Resolve `Linked To` and vessel owners by exact name, then yield every entity."""
        for entity, target, ref in self.links:
            link = self.ctx.make_child("UnknownLink", entity, "linked-to", target.upper())
            link.add("subject", entity.id)
            link.add("role", "Linked To")
            link.add("summary", target)
            target_id = self.resolve(target)
            if target_id and target_id != entity.id:
                link.add("object", target_id)
            else:
                self.ctx.unknown("unresolved-link", "Linked To: no entry of that name in the file",
                                 ref)
            self.entities[link.id] = link
        for entity, owner in self.owners:
            owner_id = self.resolve(owner)
            if owner_id and "owner" in entity.schema.properties:
                entity.add("owner", owner_id)
        yield from self.entities.values()
