"""Aliases as published: one list value holding several names, cut into one value per name.

`split_names` (cells) is the pure splitter every importer uses; `split_aliases` (prose)
first reads aliases written as prose with language labels (Canada). `add_names` puts the
names of one value on an entity, one statement per name: each keeps the published value as
its `original_value`, so a name can always say which text it was cut from, and each shape
left whole is reported with the record as `unsplit-name`.
"""

from __future__ import annotations

from coalition.model import Entity
from coalition.sources.aliases.cells import (
    PREVIOUS,
    Name,
    Split,
    clean_value,
    names_in_note,
    split_names,
)
from coalition.sources.aliases.prose import split_aliases
from coalition.sources.aliases.shapes import is_acronym_of, script_of
from coalition.sources.base import ImportContext

UNSPLIT = "unsplit-name"

__all__ = ["PREVIOUS", "UNSPLIT", "Name", "Split", "add_names", "clean_value",
           "is_acronym_of", "names_in_note", "script_of", "split_aliases", "split_names"]


def add_names(ctx: ImportContext, entity: Entity, prop: str, text: str | None,
              ref: str | None, *, lang: str | None = None,
              languages: dict[str, str] | None = None) -> Split:
    """Add the names of one published value under `prop` (name, alias, weakAlias,
    previousName); a name in a script of `languages` (script -> ISO 639-3) gets that
    language, the others `lang`. Returns what was found."""
    if not text or not text.strip():
        return Split(())
    split = split_names(text, prop)
    cut = len(split.names) != 1 or split.names[0].value != clean_value(text)
    for name in split.names:
        name_lang = lang
        if languages:
            name_lang = languages.get(script_of(name.value) or "", lang)
        entity.add(name.prop, name.value, lang=name_lang, original=text if cut else None)
    for shape in split.kept_whole:
        ctx.unknown(UNSPLIT, f"{entity.schema.name}.{prop}: {shape} kept as one name", ref)
    return split
