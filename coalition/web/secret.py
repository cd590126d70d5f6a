"""The secret that signs session cookies: COALITION_API_WEB_SECRET, or one made at random on
first start and kept in COALITION_HOME/web-secret (readable by its owner only), so that
sessions survive a restart and every worker of one node signs alike."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from coalition.api.settings import ApiSettings
from coalition.errors import UsageError

FILE = "web-secret"
MIN_LENGTH = 16


def session_secret(settings: ApiSettings) -> str:
    if settings.web_secret:
        if len(settings.web_secret) < MIN_LENGTH:
            raise UsageError(f"COALITION_API_WEB_SECRET has {len(settings.web_secret)} "
                             f"characters; use {MIN_LENGTH} or more (random ones)")
        return settings.web_secret
    path = Path(settings.core.home) / FILE
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)  # atomic: the whole secret appears at once, or another's stays
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return _read(path)


def _read(path: Path) -> str:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_LENGTH:
        raise UsageError(f"{path} holds a secret of {len(text)} characters; delete the file "
                         "to have a new one made")
    return text
