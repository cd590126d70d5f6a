"""The caller's own account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from coalition.accounts import Principal
from coalition.api.auth import current_principal

router = APIRouter(tags=["Accounts"])


@router.get("/me", summary="Who the token belongs to")
def me(principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    """The user, the member it acts for and its role."""
    return {"user_id": principal.user_id, "username": principal.username,
            "member_id": principal.member_id, "role": principal.role}
