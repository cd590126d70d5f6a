"""Builders of fictional listed entities in the layout the importers produce."""

from __future__ import annotations

from coalition.model import Entity


def person(id: str, *names: str, dataset: str = "ftm-test", **props: object) -> Entity:
    e = Entity("Person", id, dataset=dataset, reference=f"{dataset}:{id}")
    e.add("name", names[0])
    e.add("alias", list(names[1:]))
    for prop, value in props.items():
        e.add(prop, value)
    return e


def organisation(id: str, *names: str, schema: str = "Organization",
                 dataset: str = "ftm-test", **props: object) -> Entity:
    e = Entity(schema, id, dataset=dataset, reference=f"{dataset}:{id}")
    e.add("name", names[0])
    e.add("alias", list(names[1:]))
    for prop, value in props.items():
        e.add(prop, value)
    return e


