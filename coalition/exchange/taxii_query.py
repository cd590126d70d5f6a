"""TAXII 2.1 content negotiation, filters and pagination, as pure functions over STIX objects.

What the specification (TAXII 2.1, sections 1.6.8, 3.4 to 3.6) asks of a server, kept apart from
the HTTP router so that each rule can be read and tested on its own:

- media types: responses are `application/taxii+json;version=2.1`; a request whose `Accept`
  admits neither that nor a wildcard gets 406, a POST whose `Content-Type` is not it gets 415;
- every object has a `date_added` (when this node added it to the collection); lists are sorted
  by it, ascending, and `added_after` keeps the objects added strictly later;
- `match[id]`, `match[type]`, `match[version]` (`last` by default, `first`, `all` or a
  timestamp) and `match[spec_version]` take comma-separated values: any value of one filter,
  all filters together;
- `limit` caps a page (the server may lower it); `more` says whether a page follows and `next`
  is the opaque value that asks for it; `X-TAXII-Date-Added-First`/`-Last` carry the first and
  last `date_added` of the page.

This node keeps one version of each object (a retracted warning's report is replaced by its
revoked version), so `first`, `last` and `all` select the same, single version.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coalition.errors import CoalitionError, UsageError

MEDIA = "application/taxii+json;version=2.1"
STIX_MEDIA = "application/stix+json;version=2.1"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
FILTERS = ("added_after", "limit", "next", "match[id]", "match[type]", "match[version]",
           "match[spec_version]")


class TaxiiError(CoalitionError):
    """A TAXII protocol error (media type, unsupported operation) with its own status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _media_ranges(header: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        params = {}
        for f in fields[1:]:
            key, _, value = f.partition("=")
            params[key.strip().lower()] = value.strip().strip('"')
        out.append((fields[0].lower(), params))
    return out


def _taxii_21(kind: str, params: dict[str, str]) -> bool:
    return kind == "application/taxii+json" and params.get("version", "2.1") == "2.1"


def check_accept(header: str | None) -> None:
    """406 unless `Accept` admits TAXII 2.1 JSON (an absent header admits anything)."""
    if not header:
        return
    for kind, params in _media_ranges(header):
        if params.get("q") in ("0", "0.0", "0.00", "0.000"):
            continue
        if kind in ("*/*", "application/*") or _taxii_21(kind, params):
            return
    raise TaxiiError(406, f"cannot answer in {header!r}; this server speaks {MEDIA}")


def check_content_type(header: str | None) -> None:
    """415 unless a POST body is declared as TAXII 2.1 JSON."""
    ranges = _media_ranges(header or "")
    if len(ranges) != 1 or not _taxii_21(*ranges[0]):
        raise TaxiiError(415, f"send objects as {MEDIA}, not {header or 'no Content-Type'}")


def timestamp(value: str, name: str) -> datetime:
    """A TAXII/STIX timestamp (`2026-11-30T12:00:00.000Z`), or a 400 naming the parameter."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a timestamp such as "
                         "2026-11-30T12:00:00.000Z") from None
    if parsed.tzinfo is None:
        raise UsageError(f"{name} {value!r} has no time zone; end it with Z")
    return parsed


@dataclass(frozen=True)
class Stored:
    """An object of a collection with the time this node added it."""

    obj: dict[str, Any]
    date_added: str

    @property
    def key(self) -> tuple[datetime, str]:
        return timestamp(self.date_added, "date_added"), self.obj["id"]

    @property
    def version(self) -> str:
        return str(self.obj.get("modified") or self.obj.get("created") or self.date_added)

    def manifest(self) -> dict[str, Any]:
        spec = self.obj.get("spec_version", "2.0")
        return {"id": self.obj["id"], "date_added": self.date_added, "version": self.version,
                "media_type": f"application/stix+json;version={spec}"}


def _values(query: Mapping[str, str], name: str) -> set[str] | None:
    raw = query.get(name)
    if raw is None:
        return None
    values = {v.strip() for v in raw.split(",") if v.strip()}
    if not values:
        raise UsageError(f"{name} is empty; give one or more comma-separated values")
    return values


def select(stored: list[Stored], query: Mapping[str, str]) -> list[Stored]:
    """The objects that pass the request's filters, sorted by `date_added` then id."""
    out = sorted(stored, key=lambda s: s.key)
    if query.get("added_after"):
        after = timestamp(query["added_after"], "added_after")
        out = [s for s in out if s.key[0] > after]
    if (ids := _values(query, "match[id]")) is not None:
        out = [s for s in out if s.obj["id"] in ids]
    if (types := _values(query, "match[type]")) is not None:
        out = [s for s in out if s.obj["type"] in types]
    if (specs := _values(query, "match[spec_version]")) is not None:
        out = [s for s in out if s.obj.get("spec_version", "2.0") in specs]
    versions = _values(query, "match[version]") or {"last"}
    if not versions & {"first", "last", "all"}:  # one version per object: match its timestamp
        wanted = {timestamp(v, "match[version]") for v in versions}
        out = [s for s in out if timestamp(s.version, "version") in wanted]
    return out


def _token(s: Stored) -> str:
    return base64.urlsafe_b64encode(f"{s.date_added}|{s.obj['id']}".encode()).decode()


def _after_token(value: str) -> tuple[datetime, str]:
    try:
        added, _, ident = base64.urlsafe_b64decode(value.encode()).decode().partition("|")
        if not ident:
            raise ValueError(value)
        return timestamp(added, "next"), ident
    except (ValueError, UnicodeDecodeError):
        raise UsageError(f"next {value!r} is not a value this server gave; start again "
                         "without it") from None


def limit_of(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"limit {raw!r} is not a whole number") from None
    if value < 1:
        raise UsageError(f"limit {value} must be at least 1")
    return min(value, MAX_LIMIT)


@dataclass(frozen=True)
class Page:
    """One page of a list: its objects, `more`, `next`, and the date-added headers."""

    items: list[Stored]
    more: bool
    next: str | None

    def envelope(self, key: str, rows: list[Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"more": self.more}
        if self.next is not None:
            body["next"] = self.next
        if rows:
            body[key] = rows
        return body

    def headers(self) -> dict[str, str]:
        if not self.items:
            return {}
        return {"X-TAXII-Date-Added-First": self.items[0].date_added,
                "X-TAXII-Date-Added-Last": self.items[-1].date_added}


def lower_bound(query: Mapping[str, str]) -> datetime | None:
    """The earliest `date_added` a request can be answered with (`added_after`, or where
    `next` left off): the objects before it need not be looked at."""
    bounds = []
    if query.get("added_after"):
        bounds.append(timestamp(query["added_after"], "added_after"))
    if query.get("next"):
        bounds.append(_after_token(query["next"])[0])
    return max(bounds) if bounds else None


def paginate(selected: list[Stored], query: Mapping[str, str], *,
             truncated: bool = False) -> Page:
    """The page `next` asks for (the first without it), at most `limit` objects long.

    `next` names the last object of the previous page by its (date_added, id), so a page
    stays correct when objects are added while a client walks the list. `truncated` says
    that objects added after the last of `selected` were not looked at: a page that ends
    there still has `more`."""
    limit = limit_of(query)
    rest = selected
    if query.get("next"):
        after = _after_token(query["next"])
        rest = [s for s in selected if s.key > after]
    chunk = rest[:limit]
    more = len(rest) > limit or (truncated and bool(chunk))
    return Page(chunk, more, _token(chunk[-1]) if more else None)
