"""The browser session: a signed cookie holding the user's id and a CSRF token.

The cookie is signed (itsdangerous, HMAC-SHA256 under the node's secret) and expires after
`MAX_AGE` seconds; it is HttpOnly and SameSite=Lax. Every POST form carries the session's
CSRF token in a hidden field, compared in constant time (`check_csrf`). A session exists
before log-in too (holding only the token) so that the log-in form itself is protected;
logging in issues a fresh token, logging out clears the cookie.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from coalition.errors import ForbiddenError

COOKIE = "coalition_session"
MAX_AGE = 8 * 3600
CSRF_FIELD = "csrf_token"


@dataclass
class Session:
    """What the cookie carries; `changed` is set when it must be written back."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user_id: str | None = None
    username: str | None = None
    changed: bool = False

    def log_in(self, user_id: str, username: str) -> None:
        self.user_id, self.username = user_id, username
        self.csrf = secrets.token_urlsafe(32)
        self.changed = True

    def log_out(self) -> None:
        self.user_id = self.username = None
        self.changed = True


class SessionCodec:
    """Reads and writes the session cookie with one secret."""

    def __init__(self, secret: str, *, path: str = "/") -> None:
        if len(secret) < 16:
            raise ValueError("the session secret must be at least 16 characters")
        self.serializer = URLSafeTimedSerializer(secret, salt="coalition-web-session")
        self.path = path

    def load(self, request: Request) -> Session:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=MAX_AGE)
            except BadSignature:  # tampered, signed under another secret, or expired
                data = None
            if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                uid, name = data.get("uid"), data.get("user")
                if isinstance(uid, str) and isinstance(name, str):
                    return Session(csrf=data["csrf"], user_id=uid, username=name)
                return Session(csrf=data["csrf"])
        return Session(changed=True)

    def save(self, request: Request, response: Response, session: Session) -> None:
        value = self.serializer.dumps({"csrf": session.csrf, "uid": session.user_id,
                                      "user": session.username})
        response.set_cookie(COOKIE, value, max_age=MAX_AGE, path=self.path, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")

    def clear(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path=self.path)


def check_csrf(session: Session, submitted: object) -> None:
    """Refuse a form whose CSRF token is missing or is not the session's (403)."""
    if not isinstance(submitted, str) or not hmac.compare_digest(submitted, session.csrf):
        raise ForbiddenError("the form's security token is missing or out of date; reload the "
                             "page and submit it again")
