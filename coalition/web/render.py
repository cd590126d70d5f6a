"""Rendering pages: the Jinja2 environment (autoescaped) and the responses views return."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from coalition.monitor.alerts import is_listed
from coalition.web.scripts import script_label

PREFIX = "/ui"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["prefix"] = PREFIX
templates.env.filters["script"] = script_label
templates.env.filters["q"] = lambda value: quote(str(value), safe="")


def entity_page(entity_id: str) -> str:
    """An entity's page: the dossier of a listed entity, the news page of one the monitor or
    an analyst named (a group from the curated table, a person confirmed from the news)."""
    kind = "entities" if is_listed(entity_id) else "news/entities"
    return f"{PREFIX}/{kind}/{quote(entity_id, safe='')}"


templates.env.globals["entity_page"] = entity_page


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered with the viewer and the session's CSRF token in its context."""
    session = getattr(request.state, "session", None)
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    context["csrf_token"] = session.csrf if session is not None else ""
    return templates.TemplateResponse(request, template, context, status_code=status)


def redirect(path: str) -> RedirectResponse:
    """See other (303): after a POST, or to send the browser to another page."""
    return RedirectResponse(path, status_code=303)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a page of this application only, never another site."""
    if target and target.startswith(PREFIX + "/") and not target.startswith("//") \
            and "\\" not in target and "\n" not in target and "\r" not in target:
        return target
    return PREFIX + "/"
