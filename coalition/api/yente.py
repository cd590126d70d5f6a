"""The yente wire format: request examples in, scored results out.

A query is an FtM entity example, `{"schema": "Person", "properties": {"name": [...],
"birthDate": [...], "nationality": [...]}}`; its properties become a screening `Query`
(names; birth date; nationality, citizenship, country or jurisdiction; gender; passport,
ID or registration numbers; IMO number). A result is an FtM entity with `score`, `match`,
`features` (score per feature) and `explanations` (score and the reason, in words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coalition.errors import UsageError
from coalition.model.schema import get_schema
from coalition.screening import Algorithm, Query, Result
from coalition.screening.algorithms import describe

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry")
ID_PROPS = ("idNumber", "registrationNumber", "taxNumber", "innCode", "ogrnCode", "swiftBic",
            "leiCode", "vatCode")
MAX_VALUES = 50
MAX_VALUE_LENGTH = 1_000


class EntityExample(BaseModel):
    """An entity to match, written as FtM: a schema and its properties."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, max_length=200, examples=["customer-1234"])
    schema_: str = Field("Thing", alias="schema", max_length=64, examples=["Person"])
    properties: dict[str, str | list[str]] = Field(
        ..., examples=[{"name": ["Ayman al-Zawahiri"], "birthDate": ["1951-06-19"],
                        "nationality": ["eg"]}])


class MatchRequest(BaseModel):
    """A batch of examples, each under a key of the caller's choosing."""

    weights: dict[str, float] = Field({}, description="Accepted for compatibility; "
                                      "the algorithm's own weights apply.")
    queries: dict[str, EntityExample] = Field(
        ..., examples=[{"q1": {"schema": "Person", "properties": {"name": ["John Doe"]}}}])


class Total(BaseModel):
    value: int
    relation: str = "eq"


class EntityOut(BaseModel):
    """A listed entity as FtM JSON with OpenSanctions' fields."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class Explanation(BaseModel):
    score: float
    detail: str


class ScoredEntity(EntityOut):
    score: float
    match: bool
    features: dict[str, float]
    explanations: dict[str, Explanation]
    listed_by: list[str] | None = Field(None, description="view: datasets only")
    objected_by: list[str] | None = Field(None, description="view: datasets only")


class EntityMatches(BaseModel):
    status: int
    results: list[ScoredEntity]
    total: Total
    query: dict[str, Any]


class MatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, dict[str, Any]]
    limit: int


class SearchResponse(BaseModel):
    limit: int
    offset: int
    total: Total
    results: list[EntityOut]
    facets: dict[str, Any]


class ValueSource(BaseModel):
    """One value of a property and who says it."""

    value: str
    datasets: list[str] = Field(..., description="The lists that give the value.")
    referents: list[str] = Field(..., description="The source records that give it.")


class EntityDetail(EntityOut):
    provenance: dict[str, list[ValueSource]] = Field(
        {}, description="Per property, each value with the lists and records that say it.")
    related: list[EntityOut]


@dataclass(frozen=True)
class ResultFilter:
    """yente's result filters: lists to include or leave out, schemata and entities to leave
    out (by id or referent), and the lowest score returned at all."""

    include_dataset: frozenset[str] = frozenset()
    exclude_dataset: frozenset[str] = frozenset()
    exclude_schema: frozenset[str] = frozenset()
    exclude_entity_ids: frozenset[str] = frozenset()
    cutoff: float = 0.0

    def is_empty(self) -> bool:
        return not (self.include_dataset or self.exclude_dataset or self.exclude_schema
                    or self.exclude_entity_ids)

    def __call__(self, result: Result) -> bool:
        datasets = set(result.datasets)
        return (result.score >= self.cutoff
                and (not self.include_dataset or bool(datasets & self.include_dataset))
                and not (self.exclude_dataset and datasets <= self.exclude_dataset)
                and result.schema not in self.exclude_schema
                and result.id not in self.exclude_entity_ids
                and not self.exclude_entity_ids.intersection(result.referents))


def _values(props: dict[str, list[str]], names: tuple[str, ...]) -> list[str]:
    return [v for p in names for v in props.get(p, [])]


def to_query(key: str, example: EntityExample) -> Query:
    """The screening query of one example; a UsageError names the key and the property."""
    where = f"queries.{key}"
    schema = get_schema_or_error(example.schema_, where)
    props: dict[str, list[str]] = {}
    for prop, value in example.properties.items():
        values = [value] if isinstance(value, str) else list(value)
        if prop not in schema.properties:
            raise UsageError(f"schema {schema.name} has no property {prop!r}",
                             where=f"{where}.properties")
        if len(values) > MAX_VALUES:
            raise UsageError(f"{len(values)} values of {prop}, over the limit of {MAX_VALUES}",
                             where=f"{where}.properties.{prop}")
        if any(len(v) > MAX_VALUE_LENGTH for v in values):
            raise UsageError(f"a value of {prop} is over {MAX_VALUE_LENGTH} characters",
                             where=f"{where}.properties.{prop}")
        props[prop] = [v for v in values if v.strip()]
    names = _values(props, NAME_PROPS)
    if not names:
        parts = _values(props, NAME_PARTS)
        names = [" ".join(parts)] if parts else []
    if not names:
        raise UsageError("an example needs a name (name, alias, or firstName/lastName)",
                         where=f"{where}.properties")

    def first(names: tuple[str, ...]) -> str | None:
        return next(iter(_values(props, names)), None)

    try:
        return Query.build(names, schema=schema.name, id=key,
                           birth_date=first(("birthDate", "incorporationDate")),
                           nationality=_values(props, COUNTRY_PROPS),
                           gender=first(("gender",)), passport=first(("passportNumber",)),
                           id_number=first(ID_PROPS), imo=first(("imoNumber",)))
    except UsageError as exc:
        raise UsageError(exc.message, where=where) from None


def get_schema_or_error(name: str, where: str) -> Any:
    try:
        return get_schema(name)
    except UsageError as exc:
        raise UsageError(exc.message, where=f"{where}.schema") from None


def echo(example: EntityExample) -> dict[str, Any]:
    """The query as the response repeats it: properties as lists."""
    return {"id": example.id, "schema": example.schema_,
            "properties": {p: [v] if isinstance(v, str) else list(v)
                           for p, v in example.properties.items()}}


def result_json(result: Result, entity: dict[str, Any] | None) -> dict[str, Any]:
    """One scored result in yente's shape (plus who lists and objects, for views)."""
    entity = entity or {}
    data: dict[str, Any] = {
        "id": result.id, "caption": result.caption, "schema": result.schema,
        "properties": entity.get("properties", {}), "datasets": result.datasets,
        "referents": result.referents, "target": True,
        "first_seen": entity.get("first_seen"), "last_seen": entity.get("last_seen"),
        "last_change": None, "score": result.score, "match": result.match,
        "features": {k: v["score"] for k, v in result.explanations.items()},
        "explanations": result.explanations,
    }
    if result.listed_by is not None:
        data["listed_by"] = result.listed_by
        data["objected_by"] = result.objected_by or []
    return data


def entity_json(entity: dict[str, Any]) -> dict[str, Any]:
    """An FtM entity (store or ledger) in yente's entity shape."""
    return {"id": entity["id"], "caption": entity.get("caption") or _caption(entity),
            "schema": entity["schema"], "properties": entity.get("properties", {}),
            "datasets": entity.get("datasets", []), "referents": entity.get("referents", []),
            "target": True, "first_seen": entity.get("first_seen"),
            "last_seen": entity.get("last_seen"), "last_change": None}


def _caption(entity: dict[str, Any]) -> str:
    props = entity.get("properties") or {}
    for prop in ("name", "alias", "lastName", "title"):
        if props.get(prop):
            return str(props[prop][0])
    return str(entity.get("id", ""))


_MATCHER_DOCS: dict[str, dict[str, dict[str, Any]]] = {}


def matcher_docs(algorithm: Algorithm) -> dict[str, dict[str, Any]]:
    """yente's `matcher` block: each feature with its description and coefficient (made once
    per algorithm)."""
    if algorithm.name not in _MATCHER_DOCS:
        _MATCHER_DOCS[algorithm.name] = _describe(algorithm)
    return _MATCHER_DOCS[algorithm.name]


def _describe(algorithm: Algorithm) -> dict[str, dict[str, Any]]:
    return {str(row["feature"]): {"description": row["description"],
                                  "coefficient": row["weight"] if isinstance(
                                      row["weight"], float) else 1.0, "url": None}
            for row in describe(algorithm)}
