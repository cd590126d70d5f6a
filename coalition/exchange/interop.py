"""STIX in and out of the service: export what a principal may read, import a peer's bundle.

Export goes through `ReadPaths.readable_items` (the policy, and an audit entry per restricted
item). Import validates the whole bundle first and writes it in one transaction, so a bad
bundle stores nothing. A bundle posted by a user may only carry its own member's reports;
a pull from a peer node (`relay=True`) may carry any member's, never TLP:RED ones.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from coalition.errors import ForbiddenError, InputError, UsageError
from coalition.exchange import audit, directory, stix
from coalition.exchange.access import candidates
from coalition.exchange.clock import aware
from coalition.exchange.items import WarningDraft
from coalition.exchange.outbox import Event, emit_to_recipients
from coalition.exchange.policy import Principal
from coalition.exchange.service import ExchangeService
from coalition.exchange.tables import items
from coalition.exchange.tlp import TLP
from coalition.ledger.canonical import canonical
from coalition.ledger.members import all_members


@dataclass
class ImportSummary:
    """What an import stored, what it already had, and what it did not read."""

    stored: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    retracted: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"stored": self.stored, "existing": self.existing, "retracted": self.retracted,
                "skipped": self.skipped}


@dataclass
class ExportPage:
    """A STIX bundle of up to a page of items, how many items it holds, and the cursor of the
    next page (None on the last one)."""

    bundle: dict[str, Any]
    count: int
    next: str | None = None


def _cursor(issued_at: datetime, item_id: str) -> str:
    text = f"{aware(issued_at).isoformat()}|{item_id}"  # type: ignore[union-attr]
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _after(cursor: str) -> tuple[datetime, str]:
    """The (issued_at, id) a cursor points after; a clear error for anything else."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, item_id = text.split("|")
        when = datetime.fromisoformat(stamp)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise UsageError(f"export cursor {cursor[:80]!r} is not one this node gave") from None
    if when.tzinfo is None or not item_id:
        raise UsageError(f"export cursor {cursor[:80]!r} is not one this node gave")
    return when.astimezone(UTC), item_id


def export_page(service: ExchangeService, principal: Principal,
                ids: list[str] | None = None, group: str | None = None, *,
                cursor: str | None = None, limit: int = 1000) -> ExportPage:
    """A STIX 2.1 bundle of `ids`, or of a page of the readable items (of a group or all),
    oldest first, from after `cursor`; the page's `next` cursor leads to the rest."""
    after = _after(cursor) if cursor else None
    following = None
    with service.engine.connect() as conn:
        directory.check_principal(conn, principal)
        if ids is None:
            c = items.c
            query = sa.select(c.id, c.issued_at).where(c.id.in_(candidates(principal)))
            if group:
                query = query.where(c.group_id == group)
            if after:
                query = query.where(sa.or_(c.issued_at > after[0], sa.and_(
                    c.issued_at == after[0], c.id > after[1])))
            rows = conn.execute(query.order_by(c.issued_at, c.id).limit(limit + 1)).all()
            ids = [r.id for r in rows[:limit]]
            if len(rows) > limit:
                following = _cursor(rows[limit - 1].issued_at, rows[limit - 1].id)
        names = {m.id: m.name for m in all_members(conn).values()}
    views = service.readable_items(principal, ids, "stix-export")
    return ExportPage(stix.bundle(views, names), len(views), following)


def export_all(service: ExchangeService, principal: Principal,
               ids: list[str] | None = None, group: str | None = None, *,
               window: int = 1000) -> ExportPage:
    """One STIX 2.1 bundle of everything `export_page` gives, page after page: nothing the
    principal may read is left out, however many items there are."""
    objects: dict[str, dict[str, Any]] = {}
    count, cursor = 0, None
    while True:
        page = export_page(service, principal, ids, group, cursor=cursor, limit=window)
        count += page.count
        for obj in page.bundle["objects"]:
            objects.setdefault(obj["id"], obj)
        if page.next is None:
            break
        cursor = page.next
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": list(objects.values())}
    return ExportPage(bundle, count)


def export_bundle(service: ExchangeService, principal: Principal,
                  ids: list[str] | None = None, group: str | None = None) -> dict[str, Any]:
    """A STIX 2.1 bundle of the items (all readable ones, or `ids`, or a group's)."""
    return export_all(service, principal, ids, group).bundle


@dataclass
class Window:
    """STIX objects of the items added in a span of time, each with the time this node added
    it (`added`, a STIX timestamp), and whether later items were left for another window."""

    objects: list[dict[str, Any]]
    added: dict[str, str]
    more: bool


def export_window(service: ExchangeService, principal: Principal, *, group: str | None = None,
                  since: datetime | None = None, limit: int = 500) -> Window:
    """The STIX objects of the first `limit` items (the principal may read, of a group or
    all) added at or after `since`, in the order they were added.

    An item is added when it is issued or imported, and added again, in its revoked state,
    when it is retracted; all its objects carry that time, and an object two items share
    the earlier one's. Identities and markings count as added with the first item. Because
    windows are cut in the order objects are added, a reader that walks them in turn (as
    TAXII paging does) misses nothing however many items there are."""
    added_at = sa.func.coalesce(items.c.retracted_at, items.c.issued_at)
    with service.engine.connect() as conn:
        directory.check_principal(conn, principal)
        scope: list[sa.ColumnElement[bool]] = [items.c.id.in_(candidates(principal))]
        if group:
            scope.append(items.c.group_id == group)
        first = conn.execute(sa.select(sa.func.min(items.c.issued_at)).where(*scope)).scalar()
        if since is not None:
            scope.append(added_at >= since)
        ids = list(conn.execute(sa.select(items.c.id).where(*scope)
                                .order_by(added_at, items.c.id).limit(limit + 1)).scalars())
        names = {m.id: m.name for m in all_members(conn).values()}
    views = service.readable_items(principal, ids[:limit], "taxii")
    bundle = stix.bundle(views, names)
    added: dict[str, str] = {}
    for view in views:
        when = stix.stamp(view.retracted_at or view.issued_at)
        for obj in stix.item_objects(view, names):
            added[obj["id"]] = min(added.get(obj["id"], when), when)
    start = stix.stamp(aware(first)) if first is not None else None  # type: ignore[arg-type]
    for obj in bundle["objects"]:
        if obj["id"] not in added and start is not None:
            added[obj["id"]] = start
    return Window([o for o in bundle["objects"] if o["id"] in added], added,
                  len(ids) > limit)


def import_bundle(service: ExchangeService, principal: Principal, data: bytes, *,
                  group: str | None = None, source: str = "file",
                  relay: bool = False) -> ImportSummary:
    """Store a bundle's warnings for the principal's member (or a sharing group)."""
    where = f"STIX bundle from {source}"
    now = service.clock.now()
    with service.engine.begin() as conn:
        directory.check_principal(conn, principal)
        parsed = stix.parse(data, directory.known_members(conn), where=where)
        audience_base = {principal.member}
        if group is not None:
            g = directory.get_group(conn, group)
            if principal.member not in g.members:
                raise ForbiddenError(f"member {principal.member!r} is not in sharing group "
                                     f"{group!r}")
            audience_base = set(g.members)
        summary = ImportSummary(skipped=parsed.skipped)
        prepared = []
        for w in parsed.warnings:
            if not relay and w["originator"] != principal.member:
                raise ForbiddenError(f"report {w['stix_id']} is created by member "
                                     f"{w['originator']!r}; you may only submit your own "
                                     f"member's ({principal.member})")
            if w["tlp"] == TLP.RED.value:
                raise InputError(f"report {w['stix_id']} is TLP:RED: RED items go to named "
                                 "individuals and are not exchanged as STIX", where=where)
            content = WarningDraft(title=w["title"], text=w["text"], severity=w["severity"],
                                   subjects=w["subjects"], valid_until=_date(w["valid_until"]),
                                   attachments=w["attachments"]).content()
            audience = {m: "group" if group else "direct"
                        for m in audience_base - {w["originator"]}}
            if not audience:
                raise UsageError(f"report {w['stix_id']} would reach nobody: import it into a "
                                 "sharing group (--group)")
            prepared.append((w, content, audience))
        present = set(conn.execute(sa.select(items.c.id).where(
            items.c.id.in_([w["id"] for w, _, _ in prepared]))).scalars())
        for w, content, audience in prepared:
            if w["id"] in present:
                summary.existing.append(w["id"])
                continue
            payload = {"v": 1, "id": w["id"], "kind": "warning", "originator": w["originator"],
                       "author": f"stix:{source}"[:64], "issued": w["issued"],
                       "tlp": w["tlp"], "recipients": sorted(audience), "group": group,
                       "named_users": [], "stix_id": w["stix_id"], **content}
            service._insert(conn, payload, canonical(payload), "", f"stix:{source}"[:255],
                            audience, principal, content["severity"], content["valid_until"])
            present.add(w["id"])
            summary.stored.append(w["id"])
        for item_id, reason in parsed.retractions:
            row = conn.execute(sa.select(items).where(items.c.id == item_id)).first()
            if row is None or row.retracted_at is not None or row.origin == "local":
                continue
            conn.execute(items.update().where(items.c.id == item_id)
                         .values(retracted_at=now, retraction_reason=reason or "retracted"))
            emit_to_recipients(conn, now, item_id, Event.RETRACTION)
            audit.append(conn, now, principal, "item.retract", item_id, origin=source)
            summary.retracted.append(item_id)
        return summary


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def dumps(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
