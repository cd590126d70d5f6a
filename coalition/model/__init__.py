"""The entity model: FollowTheMoney schemata, entities built from statements with provenance."""

from coalition.model.entity import Entity, make_entity_id
from coalition.model.schema import Property, Schema, all_schemata, get_schema
from coalition.model.statement import Statement, statement_id

__all__ = [
    "Entity",
    "Property",
    "Schema",
    "Statement",
    "all_schemata",
    "get_schema",
    "make_entity_id",
    "statement_id",
]
