"""Settings, declared once with their defaults and help text; read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SETTINGS: dict[str, str] = {
    "COALITION_HOME": "Data folder for the embedded store and key files (default: ./data).",
    "COALITION_DB": "Any SQLAlchemy URL; overrides the embedded SQLite store in COALITION_HOME.",
    "COALITION_DATASETS": "Folder of the real public lists (default: ../shared/datasets when present).",
    "COALITION_KEY_PASSPHRASE": "Passphrase encrypting the signing keys in COALITION_HOME/keys.",
}


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    datasets: Path | None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("COALITION_HOME") or "data").expanduser()
        db_url = env.get("COALITION_DB") or f"sqlite:///{(home / 'coalition.db').resolve()}"
        return cls(home=home, db_url=db_url, datasets=find_datasets(env))


def find_datasets(env: dict[str, str] | None = None) -> Path | None:
    """The folder of shared real datasets, or None when it is absent."""
    env = dict(os.environ if env is None else env)
    if env.get("COALITION_DATASETS"):
        path = Path(env["COALITION_DATASETS"])
        return path if path.is_dir() else None
    here = Path(__file__).resolve().parent.parent
    for candidate in (Path.cwd() / ".." / "shared" / "datasets", here / ".." / "shared" / "datasets"):
        if candidate.is_dir():
            return candidate.resolve()
    return None
