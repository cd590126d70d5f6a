"""Screen a name: the form, and the ranked hits with each feature's explanation."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.errors import NotFoundError, UsageError
from coalition.screening import Query as ScreeningQuery
from coalition.screening import features
from coalition.web.deps import services, viewer
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)

SCHEMATA = ("Thing", "Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
LIMIT = 10
VIEWS = (("any", "listed by any member"), ("quorum:2", "listed by two members or more"),
         ("un", "listed by the UN Security Council"))


def feature_doc(name: str) -> str:
    """The one-line docstring of a matching feature: what the fact checked is."""
    func = getattr(features, name, None)
    doc = (getattr(func, "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else name.replace("_", " ")


@router.get("/screen")
def screen(request: Request, principal: Principal = Depends(viewer),
           name: str = Query("", max_length=1000), birth_date: str = Query("", max_length=40),
           country: str = Query("", max_length=200), schema: str = Query("Thing", max_length=40),
           dataset: str = Query("default", max_length=200)) -> Response:
    form = {"name": name, "birth_date": birth_date, "country": country, "schema": schema,
            "dataset": dataset}
    screening = services(request).screening
    results, error = None, None
    if name.strip():
        try:
            query = ScreeningQuery.build(name, schema=schema, birth_date=birth_date or None,
                                         country=country or None)
            results = screening.screener(dataset).match(query, limit=LIMIT)
        except (UsageError, NotFoundError) as exc:
            error = exc.message
    choices = [("default", "Every loaded list"), *((d, d) for d in screening.datasets()),
               *((f"view:{p}", f"Joint list, {label}") for p, label in VIEWS)]
    return page(request, "screen.html", status=400 if error else 200, title="Screen a name",
                section="screen", form=form, schemata=SCHEMATA, datasets=choices,
                results=results, error=error, feature_doc=feature_doc)
