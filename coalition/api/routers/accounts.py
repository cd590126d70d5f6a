"""Accounts: the caller's own account; an admin manages the users and tokens of its own
member (never another's)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from coalition.accounts import Accounts, Principal, Role
from coalition.api.auth import current_principal, require_member, require_role
from coalition.errors import NotFoundError

router = APIRouter(tags=["Accounts"])
ADMIN = require_role(Role.ADMIN)


def _accounts(request: Request) -> Accounts:
    return request.app.state.services.accounts  # type: ignore[no-any-return]


@router.get("/me", summary="Who the token belongs to")
def me(principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    """The user, the member it acts for and its role."""
    return {"user_id": principal.user_id, "username": principal.username,
            "member_id": principal.member_id, "role": principal.role}


class UserIn(BaseModel):
    username: str = Field(..., min_length=1, max_length=64, examples=["payments-screening"])
    role: Role
    password: str | None = Field(None, min_length=10, max_length=1024,
                                 description="For the web login; none for API-only users.")


class TokenIn(BaseModel):
    label: str = Field("", max_length=255, examples=["payments screening, production"])


def _own_user(request: Request, principal: Principal, username: str) -> Any:
    """A user of the admin's own member; another member's users are not found (404), so
    that an admin learns nothing about other members' accounts."""
    try:
        user = _accounts(request).user(username)
    except NotFoundError:
        user = None
    if user is None or user.member_id != principal.member_id:
        raise NotFoundError(f"no user {username!r} of member {principal.member_id!r}")
    return user


@router.get("/users", summary="Users of your member (admin)")
def users(request: Request, principal: Principal = Depends(ADMIN)) -> list[dict[str, Any]]:
    return [u.to_dict() for u in _accounts(request).list_users(principal.member_id)]


@router.post("/users", status_code=201, summary="Add a user to your member (admin)")
def add_user(request: Request, body: UserIn,
             principal: Principal = Depends(ADMIN)) -> dict[str, Any]:
    """The user acts for the admin's own member."""
    user = _accounts(request).add_user(body.username, principal.member_id, body.role,
                                       password=body.password)
    return user.to_dict()


@router.get("/users/{username}/tokens", summary="Tokens of a user of your member (admin)")
def tokens(request: Request, username: str,
           principal: Principal = Depends(ADMIN)) -> list[dict[str, Any]]:
    """Token ids, labels, when last used, whether revoked; never the tokens."""
    user = _own_user(request, principal, username)
    return [t.to_dict() for t in _accounts(request).list_tokens(user.username)]


@router.post("/users/{username}/tokens", status_code=201,
             summary="Issue a token to a user of your member (admin)")
def issue(request: Request, username: str, body: TokenIn,
          principal: Principal = Depends(ADMIN)) -> dict[str, Any]:
    """The token is in this response only; the node keeps its SHA-256."""
    user = _own_user(request, principal, username)
    issued = _accounts(request).issue_token(user.username, body.label)
    return {"id": issued.id, "token": issued.token, "username": user.username}


@router.post("/tokens/{token_id}/revoke", summary="Revoke a token")
def revoke(request: Request, token_id: str,
           principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    """Your own token, or (admin) a token of a user of your member."""
    accounts = _accounts(request)
    try:
        info = accounts.token(token_id)
        owner = accounts.user(info.username)
    except NotFoundError:
        raise NotFoundError(f"no token {token_id!r}") from None
    if owner.id != principal.user_id:
        if principal.role != Role.ADMIN:
            raise NotFoundError(f"no token {token_id!r} of yours")
        require_member(principal, owner.member_id, "revoke tokens")
    return accounts.revoke_token(token_id).to_dict()
