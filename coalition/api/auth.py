"""Who is calling: FastAPI dependencies over `Accounts`.

`current_principal` reads `Authorization: Bearer <token>` (or yente's `ApiKey <token>`),
authenticates it, applies the token's rate limit and returns the `Principal`;
`require_role(*roles)` also refuses (403) a principal of another role. Admins pass every
role check. Refusals are logged by the error handlers (coalition.api.errors).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from coalition.accounts import Principal, Role
from coalition.errors import ForbiddenError, RateLimitedError, UnauthorizedError

SCHEMES = ("bearer", "apikey")


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer …` or `ApiKey …` header, or None."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise UnauthorizedError("the Authorization header must be `Bearer <token>` or "
                                "`ApiKey <token>`")
    return token.strip()


def authenticate_request(request: Request) -> Principal:
    """The authenticated caller of `request` (401 without valid credentials, 429 over its
    rate); blocking, for synchronous callers such as the mounted TAXII routes."""
    services = request.app.state.services
    principal: Principal = services.accounts.authenticate(bearer_token(request))
    request.state.principal = principal
    wait = services.limiter.acquire(principal.token_id or principal.user_id)
    if wait is not None:
        raise RateLimitedError(f"rate limit of this token reached; retry in {wait:.1f} s "
                               "(COALITION_API_RATE_LIMIT)", retry_after=wait)
    return principal


async def current_principal(request: Request) -> Principal:
    """The authenticated caller (401 without valid credentials, 429 over its rate).

    The token lookup runs in a worker thread: it may wait for the database's write lock when
    it records the token's last use, which must not stall the event loop."""
    return await run_in_threadpool(authenticate_request, request)


def require_role(*roles: str | Role) -> Callable[..., Principal]:
    """A dependency admitting callers with one of `roles` (admins always)."""
    allowed = {Role(r).value for r in roles} | {Role.ADMIN.value}

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in allowed:
            raise ForbiddenError(f"role {principal.role!r} may not do this; it needs "
                                 f"{' or '.join(sorted(allowed))}")
        return principal

    return dependency


def require_member(principal: Principal, member_id: str, what: str = "act") -> None:
    """Refuse (403) a principal acting for a member other than its own."""
    if member_id != principal.member_id:
        raise ForbiddenError(f"user {principal.username!r} acts for member "
                             f"{principal.member_id!r} and may not {what} for {member_id!r}")


__all__ = ["bearer_token", "current_principal", "require_member",
           "require_role"]
