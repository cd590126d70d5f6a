"""The HTTP API's settings, each declared once here with its default and help text and read
from a `COALITION_API_*` environment variable. README.md documents every one (a test checks).
The store and key folder come from the core settings (COALITION_HOME, COALITION_DB)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

from coalition.errors import UsageError
from coalition.settings import Settings

PREFIX = "COALITION_API_"


def setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class ApiSettings:
    host: str = setting("127.0.0.1", "Address `coalition serve` binds to.")
    port: int = setting(8000, "TCP port `coalition serve` listens on.")
    rate_limit: float = setting(100.0, "Requests per second allowed per API token (sustained).")
    rate_burst: int = setting(200, "Requests a token may make at once before the rate applies.")
    max_body_bytes: int = setting(1_048_576, "Largest request body accepted, in bytes (413 "
                                             "beyond).")
    max_queries: int = setting(100, "Most queries in one `/match` request.")
    preload_index: bool = setting(True, "Build the screening index of every loaded list at start"
                                        " (otherwise on the first screening request).")
    shutdown_timeout: int = setting(10, "Seconds `coalition serve` waits for requests in flight "
                                        "when stopped.")
    log_level: str = setting("info", "Log level of the server: debug, info, warning, error.")
    core: Settings = field(default_factory=Settings.from_env, metadata={"help": None})

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> ApiSettings:
        """Settings from the environment (or `env`), then `overrides` (e.g. CLI options)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {"core": Settings.from_env(env)}
        for f in documented():
            raw = env.get(env_name(f.name))
            if raw is not None and raw.strip() != "":
                values[f.name] = _convert(f.name, f.type, raw.strip())
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def documented() -> list[Any]:
    """The settings that come from the environment, in declaration order."""
    return [f for f in fields(ApiSettings) if f.metadata.get("help")]


def env_name(name: str) -> str:
    return PREFIX + name.upper()


def _convert(name: str, kind: Any, raw: str) -> Any:
    kind = kind if isinstance(kind, str) else kind.__name__
    try:
        if kind == "bool":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise UsageError(f"{env_name(name)}={raw!r} is not a valid {kind}") from None
    return raw


def markdown_table() -> str:
    """The settings as the Markdown table README.md carries (a test keeps the two equal)."""
    lines = ["| variable | default | what |", "|---|---|---|"]
    for f in documented():
        default = str(f.default).lower() if isinstance(f.default, bool) else str(f.default)
        lines.append(f"| `{env_name(f.name)}` | `{default}` | {f.metadata['help']} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m coalition.api.settings > the README's table
    print(markdown_table())
