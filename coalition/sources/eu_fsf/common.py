"""What both EU layouts share: the source table, the Sanction of a listing, name languages."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import pycountry
import yaml

from coalition.model import Entity
from coalition.sources.base import ImportContext

SOURCE: dict[str, Any] = yaml.safe_load(
    resources.files(__package__).joinpath("source.yaml").read_text("utf-8"))


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
