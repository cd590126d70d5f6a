"""Screening, yente-compatible: `POST /match/{dataset}`, `GET /search/{dataset}`,
`GET /entities/{id}`. A dataset is `default` (every list loaded), one list (`un-sc`,
`us-ofac-sdn`, …) or a consolidated view of the joint list (`view:quorum:2`, with `as_of`)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from coalition.accounts import Principal, Role
from coalition.api.auth import require_role
from coalition.api.screening import DEFAULT
from coalition.api.yente import (
    EntityDetail,
    MatchRequest,
    MatchResponse,
    ResultFilter,
    SearchResponse,
    echo,
    entity_json,
    matcher_docs,
    result_json,
    to_query,
)
from coalition.errors import NotFoundError, UsageError
from coalition.ledger.identity import entity_ftm, merged_entity, related_of, value_sources
from coalition.screening import ALGORITHMS, LOGIC, Screener
from coalition.screening import Query as ScreeningQuery

router = APIRouter(tags=["Screening"])
SCREENING = require_role(Role.SCREENER, Role.ANALYST)
DATASET = Path(description="`default` (every list loaded), a list such as `un-sc` or "
                           "`us-ofac-sdn`, or `view:POLICY` (any, quorum:K, all, members:A,B, "
                           "un) for the joint list's consolidated view.",
               max_length=200, examples=["default"])
AS_OF = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
              description="With a `view:` dataset: the date of the view (default: today).")
MAX_LIMIT = 100


# yente's algorithm names: a client written for yente may send them unchanged; this node
# scores each with its own algorithm and says which in the `x-algorithm` response header
YENTE_ALGORITHMS = {"best", "default", "logic-v1", "logic-v2", "name-based", "name-qualified",
                    "regression-v1", "regression-v2", "regression-v3", "randomforest-v1"}


def _algorithm_check(screener: Screener, algorithm: str | None) -> None:
    if algorithm not in (None, screener.algorithm.name) and algorithm not in YENTE_ALGORITHMS:
        raise UsageError(f"unknown algorithm {algorithm!r}; this node scores with "
                         f"{screener.algorithm.name} (yente's names are accepted for it)",
                         where="algorithm")


def _json(body: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON response serialised by orjson (the results are plain data; FastAPI's encoder
    would walk them again)."""
    return Response(orjson.dumps(body), media_type="application/json", headers=headers)


@router.post("/match/{dataset}", summary="Match entities by example (yente-compatible)",
             response_model=None, responses={200: {"model": MatchResponse}})
async def match(
    request: Request,
    body: MatchRequest,
    dataset: str = DATASET,
    limit: int = Query(5, ge=1, le=MAX_LIMIT, description="Results per query."),
    threshold: float | None = Query(None, ge=0.0, le=1.0, description="Score from which a "
                                    "result is a match (default: per schema, 0.7)."),
    cutoff: float = Query(0.0, ge=0.0, le=1.0, description="Lowest score returned at all."),
    algorithm: str | None = Query(None, max_length=64, description="Scoring algorithm."),
    as_of: str | None = AS_OF,
    include_dataset: list[str] = Query([], max_length=50, description="Only results from "
                                       "these lists."),
    exclude_dataset: list[str] = Query([], max_length=50, description="No results only from "
                                       "these lists."),
    exclude_schema: list[str] = Query([], max_length=20, description="No results of these "
                                      "schemata."),
    exclude_entity_ids: list[str] = Query([], max_length=50, description="No results with "
                                          "these ids or referents (e.g. decided false "
                                          "positives)."),
    principal: Principal = Depends(SCREENING),
) -> Response:
    """Screen a batch of entity examples, each under a key of your choosing:

    ```json
    {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Ayman al-Zawahiri"],
     "birthDate": ["1951"], "nationality": ["eg"]}}}}
    ```

    Each key gets `{"status": 200, "results": [...], "total": {"value", "relation"},
    "query"}`; each result is the listed entity (FtM) with `score`, `match`, `features`
    and `explanations`, and for a `view:` dataset `listed_by` and `objected_by`.
    """
    services = request.app.state.services
    if not body.queries:
        raise UsageError("no queries given; send {\"queries\": {\"key\": {...}}}",
                         where="queries")
    if len(body.queries) > services.settings.max_queries:
        raise UsageError(f"{len(body.queries)} queries in one request, over the limit of "
                         f"{services.settings.max_queries} (COALITION_API_MAX_QUERIES)",
                         where="queries")
    queries = {key: to_query(key, ex) for key, ex in body.queries.items()}
    keep = ResultFilter(frozenset(include_dataset), frozenset(exclude_dataset),
                        frozenset(exclude_schema), frozenset(exclude_entity_ids), cutoff)
    result, used = await run_in_threadpool(_match, services, dataset, body, queries, limit,
                                           threshold, keep, algorithm, as_of)
    return _json(result, {"x-batch-size": str(len(queries)), "x-algorithm": used})


def _match(services: Any, dataset: str, body: MatchRequest,
           queries: dict[str, ScreeningQuery], limit: int, threshold: float | None,
           keep: ResultFilter, algorithm: str | None,
           as_of: str | None) -> tuple[dict[str, Any], str]:
    screener = services.screening.screener(dataset, as_of)
    _algorithm_check(screener, algorithm)
    fetch = limit if keep.is_empty() else min(MAX_LIMIT, limit * 4)
    found = {key: [r for r in screener.match(q, limit=fetch, threshold=threshold)
                   if keep(r)][:limit] for key, q in queries.items()}
    entities = services.screening.entities((r.id for rs in found.values() for r in rs),
                                           merged=dataset == DEFAULT)
    responses = {key: {"status": 200,
                       "results": [result_json(r, entities.get(r.id)) for r in results],
                       "total": {"value": len(results), "relation": "eq"},
                       "query": echo(body.queries[key])}
                 for key, results in found.items()}
    return ({"responses": responses, "matcher": matcher_docs(screener.algorithm),
             "limit": limit}, screener.algorithm.name)


@router.get("/search/{dataset}", summary="Search listed entities by name",
            response_model=None, responses={200: {"model": SearchResponse}})
def search(
    request: Request,
    dataset: str = DATASET,
    q: str = Query(..., min_length=1, max_length=500, description="A name, in any script."),
    schema: str | None = Query(None, max_length=64, description="Person, Organization, …"),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    as_of: str | None = AS_OF,
    principal: Principal = Depends(SCREENING),
) -> Response:
    """Listed entities whose names resemble `q`, best first, in yente's search shape."""
    services = request.app.state.services
    screener = services.screening.screener(dataset, as_of)
    query = ScreeningQuery.build(q, schema=schema)
    results = screener.match(query, limit=limit)
    entities = services.screening.entities((r.id for r in results), merged=dataset == DEFAULT)
    return _json({"limit": limit, "offset": 0,
                  "total": {"value": len(results), "relation": "eq"},
                  "results": [{k: v for k, v in result_json(r, entities.get(r.id)).items()
                               if k not in ("features", "explanations", "match")}
                              for r in results],
                  "facets": {}})


@router.get("/algorithms", summary="The scoring algorithm and its features (yente's shape)")
def algorithms(principal: Principal = Depends(SCREENING)) -> dict[str, Any]:
    """Each algorithm with its description and its features (what each checks, its weight);
    the explanations of `/match` results name these features."""
    return {"algorithms": [{"name": a.name, "description": a.description,
                            "features": matcher_docs(a)} for a in ALGORITHMS.values()],
            "default": LOGIC.name, "best": LOGIC.name}


@router.get("/entities/{entity_id}", summary="One entity (FtM JSON) with its referents",
            response_model=None, responses={200: {"model": EntityDetail}})
def entity(
    request: Request,
    entity_id: str = Path(..., max_length=300, description="An entity id (`un-sc-QDi.001`) "
                                                           "or a source reference "
                                                           "(`un-sc:QDi.001`)."),
    principal: Principal = Depends(SCREENING),
) -> Response:
    """The entity as FtM JSON, whole: given its id or the id or source reference of any of
    its records, every property of every list's record of it, the lists it comes from
    (`datasets`), its source records (`referents`), first and last seen; `provenance` gives
    each value with the lists and records that say it; `related` holds the sanctions,
    addresses and identifiers made from the same records."""
    services = request.app.state.services
    try:
        found = merged_entity(services.store, entity_id, services.screening.identity())
    except NotFoundError:
        submitted = services.screening.entities([entity_id], merged=False)
        if entity_id not in submitted:
            raise
        return _json({**entity_json(submitted[entity_id]), "related": []})
    data = {**entity_json(entity_ftm(found)), "caption": found.caption,
            "provenance": value_sources(found)}
    data["related"] = [{**entity_json(r.to_ftm()), "caption": r.caption}
                       for r in related_of(services.store, found)]
    return _json(data)
