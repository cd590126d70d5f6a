"""The UN Security Council Consolidated List XML: INDIVIDUAL -> Person, ENTITY -> Organization.

Each record's reference is its REFERENCE_NUMBER (`un-sc:QDi.001`). Names, aliases (by
QUALITY), names in original script (with the language their script tells), dates and places
of birth, nationalities, titles, designations, documents (Passport / Identification),
addresses (Address) and the listing (Sanction) are mapped; every element left over is
reported as `unknown-element` with the record. The list's date is the root's dateGenerated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coalition.errors import FormatError, InputError
from coalition.model import Entity
from coalition.sources.base import Format, ImportContext
from coalition.sources.un_sc import parts
from coalition.sources.xmlsafe import local, parse_tree, root_tag, text_of

SOURCE = parts.SOURCE
ROOT = "CONSOLIDATED_LIST"
NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# Bookkeeping of the publisher's database that says nothing about the listed party.
IGNORED = {"DATAID", "VERSIONNUM", "SORT_KEY", "SORT_KEY_LAST_MOD", "LIST_TYPE"}


def sniff(path: Path, head: bytes) -> bool:
    return not path.is_dir() and root_tag(head) == ROOT


def values(elem: etree._Element) -> list[str]:
    """The texts of the VALUE children of a multi-valued element such as NATIONALITY."""
    out = []
    for child in elem:
        text = text_of(child)
        if text and child.tag == "VALUE" and not parts.is_null(text):
            out.append(text)
    return out


def split_name(entity: Entity, names: list[str]) -> None:
    """FIRST..FOURTH_NAME: the joined name, the first as given name, the last as surname."""
    entity.add("name", " ".join(names))
    if not entity.schema.is_a("Person"):
        return
    entity.add("firstName", names[0])
    if len(names) > 1:
        entity.add("lastName", names[-1])
    if len(names) > 2:
        entity.add("secondName", names[1])
    if len(names) > 3:
        entity.add("middleName", " ".join(names[2:-1]))


def parse_record(elem: etree._Element, ctx: ImportContext, path: Path) -> Iterator[Entity]:
    kind = elem.tag
    ref = text_of(elem, "REFERENCE_NUMBER")
    if ref is None:
        raise InputError(f"{kind} without a REFERENCE_NUMBER",
                         where=f"{path}:line {elem.sourceline}")
    entity = ctx.make("Person" if kind == "INDIVIDUAL" else "Organization", ref)
    entity.add("topics", "sanction")
    sanction = ctx.make_child("Sanction", entity, "un-sc", ref)
    sanction.add("entity", entity.id)
    sanction.add("authority", SOURCE["publisher"])
    sanction.add("unscId", ref)
    children: list[Entity] = []
    names = [t for tag in NAME_TAGS if (t := text_of(elem, tag)) and not parts.is_null(t)]
    if names:
        split_name(entity, names)
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        tag = local(child)
        text = text_of(child)
        if tag in NAME_TAGS or tag in IGNORED or tag == "REFERENCE_NUMBER":
            continue
        if tag == "UN_LIST_TYPE":
            if text:
                program = SOURCE["programs"].get(text)
                if program is None:
                    ctx.unknown("unknown-code", f"UN_LIST_TYPE {text}", ref)
                sanction.add("program", program or text)
                sanction.add("programId", text)
                entity.add("program", program or text)
        elif tag == "LISTED_ON":
            text = parts.xs_date(text) if text else None
            sanction.add("listingDate", text)
            sanction.add("startDate", text)
        elif tag == "COMMENTS1":
            entity.add("notes", text)
            sanction.add("reason", text)
        elif tag == "NAME_ORIGINAL_SCRIPT":
            if text:
                lang = SOURCE["script_languages"].get(parts.script_of(text))
                entity.add("alias", text, lang=lang)
        elif tag == "GENDER":
            entity.add("gender", text)
        elif tag == "TITLE":
            entity.add("title", values(child))
        elif tag == "DESIGNATION":
            entity.add("position", values(child))
        elif tag == "NATIONALITY":
            entity.add("nationality", values(child))
        elif tag == "LAST_DAY_UPDATED":
            updated = [parts.xs_date(v) for v in values(child)]
            if updated:
                sanction.add("modifiedAt", max(updated))
                entity.add("modifiedAt", max(updated))
        elif tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
            parts.alias(child, entity, ctx, ref, SOURCE)
        elif tag == "INDIVIDUAL_DATE_OF_BIRTH":
            parts.birth_date(child, entity, ctx, ref)
        elif tag == "INDIVIDUAL_PLACE_OF_BIRTH":
            parts.birth_place(child, entity, ctx, ref)
        elif tag in ("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
            children.extend(parts.address(child, entity, ctx, ref))
        elif tag == "INDIVIDUAL_DOCUMENT":
            children.extend(parts.document(child, entity, ctx, ref, SOURCE["passport_words"]))
        else:
            ctx.unknown("unknown-element", f"{kind}/{tag}", ref)
    yield entity
    yield sanction
    yield from children


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    root = parse_tree(path).getroot()
    if local(root) != ROOT:
        raise FormatError(f"the root element is <{local(root)}>, expected <{ROOT}>",
                          where=f"{path}:line {root.sourceline}")
    generated = root.get("dateGenerated")
    if generated:
        ctx.list_date = generated[:10]
    for group in root:
        if not isinstance(group.tag, str):
            continue
        if group.tag not in ("INDIVIDUALS", "ENTITIES"):
            ctx.unknown("unknown-element", f"{ROOT}/{group.tag}", None)
            continue
        for elem in group:
            if not isinstance(elem.tag, str):
                continue
            if elem.tag not in ("INDIVIDUAL", "ENTITY"):
                ctx.unknown("unknown-element", f"{group.tag}/{elem.tag}", None)
                continue
            yield from parse_record(elem, ctx, path)


FORMATS = [Format.from_source(SOURCE, sniff, parse)]
