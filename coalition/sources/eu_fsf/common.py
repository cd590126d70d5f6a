"""What both EU layouts share: the source table, the Sanction of a listing, name languages."""

from __future__ import annotations

import functools
from typing import Any

import pycountry

from coalition.model import Entity
from coalition.sources.base import ImportContext, load_source

SOURCE: dict[str, Any] = load_source(__package__)


@functools.cache
def language(code: str | None) -> str | None:
    """ISO 639-3 for the two-letter language codes of nameLanguage ("BG" -> "bul")."""
    if not code:
        return None
    found = pycountry.languages.get(alpha_2=code.strip().lower())
    return found.alpha_3 if found is not None else None


def new_sanction(ctx: ImportContext, entity: Entity, ref: str) -> Entity:
    """The EU listing of `entity` as a Sanction."""
    sanction = ctx.make_child("Sanction", entity, "eu-fsf", ref)
    sanction.add("entity", entity.id)
    sanction.add("authority", "European Union")
    return sanction
