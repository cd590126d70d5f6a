"""Pages of long lists: `{"total", "limit", "offset", "results"}`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import Query

T = TypeVar("T")
LIMIT = Query(100, ge=1, le=10_000, description="Results per page.")
OFFSET = Query(0, ge=0, le=10_000_000, description="Results to skip.")


def page(items: Sequence[T], limit: int, offset: int,
         render: Callable[[T], Any]) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset,
            "results": [render(i) for i in items[offset:offset + limit]]}
