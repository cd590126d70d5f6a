"""An analyst's judgement of a candidate name from the news: confirm it as an actor (an
existing entity, or a new analyst entity `analyst-<slug>`) or reject it for good."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coalition.errors import UsageError
from coalition.monitor.gazetteer import norm_key
from coalition.monitor.repository import MonitorRepository


@dataclass(frozen=True)
class Judged:
    name: str
    decision: str
    entity_id: str | None
    changed: int  # stored mentions the judgement changed


def slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", norm_key(name)).strip("-")


def _key(name: str) -> str:
    key = norm_key(name)
    if not key:
        raise UsageError(f"{name!r} holds no letters or digits")
    return key


def confirm(repo: MonitorRepository, name: str, *, entity: str | None = None,
            caption: str | None = None, analyst: str | None = None) -> Judged:
    """Confirm a candidate name; its past and future mentions link to the entity."""
    key = _key(name)
    entity_id = entity or f"analyst-{slug(name)}"
    changed = repo.judge(key, name, "confirm", entity_id=entity_id, caption=caption or name,
                         analyst=analyst)
    return Judged(name, "confirm", entity_id, changed)


def reject(repo: MonitorRepository, name: str, *, analyst: str | None = None) -> Judged:
    """Reject a candidate name (not an actor); it is never proposed again."""
    changed = repo.judge(_key(name), name, "reject", entity_id=None, caption=None,
                         analyst=analyst)
    return Judged(name, "reject", None, changed)
