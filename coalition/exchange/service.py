"""The exchange as a service: `ExchangeService(store, clock, signer)`, the one entry point of the
CLI, the HTTP API and the TAXII server.

Writes (issue, reply, retract, close, acknowledge, consent, groups, users, endpoints) each run
in one transaction with their audit entry and their outbox rows. Reads live in `ReadPaths`
(reads.py), every one of them through `policy.allowed`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError, ForbiddenError, NotFoundError, UsageError
from coalition.exchange import access, audit, directory
from coalition.exchange.clock import Clock, SystemClock, ordered_id
from coalition.exchange.items import (
    MAX_PAYLOAD,
    MAX_TEXT,
    PayloadTooLarge,
    ReplyStatus,
    RequestDraft,
    Severity,
    WarningDraft,
    _text,
)
from coalition.exchange.outbox import Event, emit, emit_to_recipients
from coalition.exchange.policy import Principal
from coalition.exchange.reads import ReadPaths
from coalition.exchange.signing import Signer, signature_valid
from coalition.exchange.tables import consents, items, named_users, recipients, replies
from coalition.exchange.tlp import TLP
from coalition.ledger.canonical import canonical
from coalition.store import Store

# How long a recipient has to acknowledge a warning before it is escalated.
ACK_WINDOWS = {Severity.HIGH: timedelta(hours=24), Severity.CRITICAL: timedelta(hours=2)}


class ExchangeService(ReadPaths):
    """Warnings, requests for assistance and their delivery between the members of one node."""

    def __init__(self, store: Store, clock: Clock | None = None,
                 signer: Signer | None = None) -> None:
        self.store = store
        self.engine = store.engine
        self.clock = clock or SystemClock()
        self.signer = signer

    @contextmanager
    def _write(self, principal: Principal | None) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            if principal is not None:
                directory.check_principal(conn, principal)
            yield conn

    # -- members' directory ----------------------------------------------------------------

    def create_group(self, principal: Principal, id: str, name: str,
                     members: list[str]) -> directory.Group:
        with self._write(principal) as conn:
            group = directory.create_group(conn, self.clock.now(), id, name, principal.member,
                                           members)
            audit.append(conn, self.clock.now(), principal, "group.create", None, group=id,
                         members=list(group.members))
            return group

    def add_to_group(self, principal: Principal, id: str, members: list[str]) -> directory.Group:
        with self._write(principal) as conn:
            if directory.get_group(conn, id).owner != principal.member:
                raise ForbiddenError(f"only the owner of sharing group {id!r} adds members")
            group = directory.add_to_group(conn, self.clock.now(), id, members)
            audit.append(conn, self.clock.now(), principal, "group.add", None, group=id,
                         members=sorted(members))
            return group

    def groups(self, principal: Principal) -> list[directory.Group]:
        """The sharing groups the principal's member belongs to."""
        with self.engine.connect() as conn:
            return [g for g in directory.all_groups(conn) if principal.member in g.members]

    def create_user(self, member: str, name: str,
                    ttl: timedelta | None = None) -> tuple[directory.User, str]:
        with self._write(None) as conn:
            user, token = directory.create_user(conn, self.clock.now(), member, name, ttl)
            audit.append(conn, self.clock.now(), Principal(member), "user.create", None,
                         user=user.id, name=user.name)
            return user, token

    def authenticate(self, token: str | None) -> Principal:
        with self.engine.connect() as conn:
            return directory.authenticate(conn, self.clock.now(), token)

    def account(self, account: str, member: str, name: str) -> Principal:
        """The principal of an API account (a user of `member`) in the exchange."""
        with self.engine.begin() as conn:
            return directory.link_account(conn, self.clock.now(), account, member, name)

    def set_endpoint(self, member: str, url: str, secret: str | None = None) -> str:
        with self._write(None) as conn:
            secret = directory.set_endpoint(conn, self.clock.now(), member, url, secret)
            audit.append(conn, self.clock.now(), Principal(member), "endpoint.set", None,
                         url=url)
            return secret

    # -- issuing ---------------------------------------------------------------------------

    def _audience(self, conn: Connection, principal: Principal, members: list[str],
                  group: str | None) -> dict[str, str]:
        via = {m: "direct" for m in members}
        directory.require_members(conn, list(via))
        if group is not None:
            g = directory.get_group(conn, group)
            if principal.member not in g.members:
                raise ForbiddenError(f"member {principal.member!r} is not in sharing group "
                                     f"{group!r} and cannot send to it")
            via.update({m: "group" for m in g.members if m not in via})
        via.pop(principal.member, None)
        if not via:
            raise UsageError("no recipients: name members or a sharing group other than "
                             "your own member alone")
        return via

    def _named(self, conn: Connection, tlp: TLP, users: list[str],
               audience: dict[str, str]) -> list[str]:
        if tlp is not TLP.RED:
            if users:
                raise UsageError("named users are for TLP:RED items only")
            return []
        if not users:
            raise UsageError("a TLP:RED item is for named individuals: give the recipients' "
                             "user ids (--user)")
        for uid in users:
            if directory.get_user(conn, uid).member not in audience:
                raise UsageError(f"user {uid!r} does not belong to a recipient member")
        return sorted(set(users))

    def _issue(self, principal: Principal, kind: str, content: dict[str, Any], tlp_value: str,
               members: list[str], group: str | None, users: list[str],
               due: str | None, severity: str | None) -> str:
        if principal.user is None:
            raise ForbiddenError("items are issued by a user of the member, not its endpoint")
        if self.signer is None:
            raise UsageError("this service has no signer: members' keys are needed to issue")
        tlp = TLP.parse(tlp_value)
        now = self.clock.now()
        with self._write(principal) as conn:
            audience = self._audience(conn, principal, members, group)
            named = self._named(conn, tlp, users, audience)
            item_id = f"{kind[0]}-{ordered_id()}"
            payload = {"v": 1, "id": item_id, "kind": kind, "originator": principal.member,
                       "author": principal.user, "issued": now.isoformat(), "tlp": tlp.value,
                       "recipients": sorted(audience), "group": group, "named_users": named,
                       **content}
            data = canonical(payload)
            if len(data) > MAX_PAYLOAD:
                raise PayloadTooLarge(f"the {kind} is {len(data)} bytes, over {MAX_PAYLOAD}")
            signature = self.signer.sign(principal.member, data)
            self._insert(conn, payload, data, signature, "local", audience, principal,
                         severity, due)
            return item_id

    def _insert(self, conn: Connection, payload: dict[str, Any], data: bytes, signature: str,
                origin: str, audience: dict[str, str], actor: Principal,
                severity: str | None, due: str | None) -> None:
        """Store an item with its audience, tell the recipients, and audit it."""
        now = self.clock.now()
        item_id, kind, tlp = payload["id"], payload["kind"], payload["tlp"]
        conn.execute(items.insert().values(
            id=item_id, kind=kind, originator=payload["originator"], author=payload["author"],
            tlp=tlp, severity=severity, title=payload["title"], group_id=payload["group"],
            due=due, payload=data.decode(), signature=signature, issued_at=now, origin=origin))
        window = ACK_WINDOWS.get(Severity(severity)) if severity else None
        conn.execute(recipients.insert(), [
            {"item_id": item_id, "member": m, "via": v, "state": "pending",
             "deadline": now + window if window else None}
            for m, v in sorted(audience.items())])
        if payload["named_users"]:
            conn.execute(named_users.insert(), [{"item_id": item_id, "user_id": u}
                                                for u in payload["named_users"]])
        emit_to_recipients(conn, now, item_id,
                           Event.WARNING if kind == "warning" else Event.REQUEST)
        audit.append(conn, now, actor, f"{kind}.{'issue' if origin == 'local' else 'import'}",
                     item_id, tlp=tlp, recipients=sorted(audience), origin=origin)

    def warn(self, principal: Principal, draft: WarningDraft) -> str:
        """Issue a warning; returns its id. Recipients are told through the outbox."""
        content = draft.content()
        return self._issue(principal, "warning", content, str(draft.tlp), draft.recipients,
                           draft.group, draft.named_users, content["valid_until"],
                           content["severity"])

    def request(self, principal: Principal, draft: RequestDraft) -> str:
        """Send a request for assistance; returns its id."""
        content = draft.content()
        return self._issue(principal, "request", content, str(draft.tlp), draft.recipients,
                           draft.group, draft.named_users, content["due"], None)

    # -- what recipients do ----------------------------------------------------------------

    def _readable_one(self, conn: Connection, principal: Principal,
                      item_id: str) -> access.Loaded:
        found = access.readable(conn, principal, [item_id])
        if not found:  # the same answer for "absent" and "not yours": existence is not leaked
            raise NotFoundError(f"no item {item_id!r} that you may read")
        return found[0]

    def acknowledge(self, principal: Principal, item_id: str) -> None:
        """Record that a recipient member acknowledged a warning."""
        now = self.clock.now()
        with self._write(principal) as conn:
            item = self._readable_one(conn, principal, item_id)
            if principal.member not in item.recipients:
                raise ForbiddenError(f"member {principal.member!r} is not a recipient of "
                                     f"{item_id}")
            r = recipients.c
            conn.execute(recipients.update().where(r.item_id == item_id,
                                                   r.member == principal.member)
                         .values(state="acknowledged", acknowledged_at=now,
                                 acknowledged_by=principal.user,
                                 delivered_at=sa.func.coalesce(r.delivered_at, now),
                                 read_at=sa.func.coalesce(r.read_at, now)))
            audit.append(conn, now, principal, "item.acknowledge", item_id)

    def reply(self, principal: Principal, request_id: str, question: int,
              status: ReplyStatus | str, text: str) -> str:
        """Answer one question of a request (fully, partly, or negatively)."""
        now = self.clock.now()
        status = ReplyStatus(str(status))
        text = _text(text, "reply", MAX_TEXT, required=status is not ReplyStatus.NEGATIVE)
        with self._write(principal) as conn:
            item = self._readable_one(conn, principal, request_id)
            row = item.row
            if row.kind != "request":
                raise UsageError(f"{request_id} is a {row.kind}, not a request for assistance")
            if principal.member not in item.recipients:
                raise ForbiddenError("only members the request was sent to reply to it")
            if row.closed_at is not None or row.retracted_at is not None:
                raise ConflictError(f"request {request_id} is closed; it takes no replies")
            count = len(access.payload_of(row)["questions"])
            if not 1 <= question <= count:
                raise UsageError(f"question {question} does not exist: the request has {count}")
            reply_id = f"a-{uuid.uuid4().hex}"
            conn.execute(replies.insert().values(
                id=reply_id, request_id=request_id, member=principal.member,
                author=principal.user or "", question=question, status=status.value,
                text=text, at=now))
            emit(conn, now, request_id, Event.REPLY, [row.originator])
            audit.append(conn, now, principal, "request.reply", request_id, reply=reply_id,
                         question=question, status=status.value)
            return reply_id

    # -- what originators do ---------------------------------------------------------------

    def _own(self, conn: Connection, principal: Principal, item_id: str) -> access.Loaded:
        item = self._readable_one(conn, principal, item_id)
        if item.row.originator != principal.member:
            raise ForbiddenError(f"only the originator ({item.row.originator}) may do this to "
                                 f"{item_id}")
        return item

    def retract(self, principal: Principal, item_id: str, reason: str) -> None:
        """Withdraw an item; every recipient is told, whether or not it has read it."""
        now = self.clock.now()
        reason = _text(reason, "reason", MAX_TEXT)
        with self._write(principal) as conn:
            item = self._own(conn, principal, item_id)
            if item.row.retracted_at is not None:
                raise ConflictError(f"{item_id} was already retracted")
            conn.execute(items.update().where(items.c.id == item_id)
                         .values(retracted_at=now, retraction_reason=reason))
            emit_to_recipients(conn, now, item_id, Event.RETRACTION)
            audit.append(conn, now, principal, "item.retract", item_id, reason=reason)

    def close(self, principal: Principal, request_id: str) -> None:
        now = self.clock.now()
        with self._write(principal) as conn:
            item = self._own(conn, principal, request_id)
            if item.row.kind != "request" or item.row.closed_at is not None:
                raise ConflictError(f"{request_id} is not an open request")
            conn.execute(items.update().where(items.c.id == request_id).values(closed_at=now))
            emit_to_recipients(conn, now, request_id, Event.CLOSURE)
            audit.append(conn, now, principal, "request.close", request_id)

    def ask_consent(self, principal: Principal, item_id: str, third: str) -> str:
        """A recipient asks the originator's consent to pass an item on to a third member."""
        now = self.clock.now()
        with self._write(principal) as conn:
            item = self._readable_one(conn, principal, item_id)
            if principal.member not in item.recipients:
                raise ForbiddenError("only a recipient asks to pass an item on")
            if not item.guarded.tlp.may_pass_on:
                raise ForbiddenError(f"TLP:{item.guarded.tlp.value} items are never passed on")
            directory.require_members(conn, [third], "third")
            if third in item.recipients or third == item.row.originator:
                raise ConflictError(f"{third} already has {item_id}")
            consent_id = f"c-{uuid.uuid4().hex}"
            try:
                with conn.begin_nested():
                    conn.execute(consents.insert().values(
                        id=consent_id, item_id=item_id, asked_by=principal.member,
                        third_member=third, status="pending", asked_at=now))
            except sa.exc.IntegrityError:
                raise ConflictError(f"passing {item_id} on to {third} was already asked") \
                    from None
            emit(conn, now, item_id, Event.CONSENT, [item.row.originator])
            audit.append(conn, now, principal, "consent.ask", item_id, consent=consent_id,
                         third=third)
            return consent_id

    def decide_consent(self, principal: Principal, consent_id: str, grant: bool) -> None:
        """The originator grants or refuses; a grant delivers the item to the third member."""
        now = self.clock.now()
        with self._write(principal) as conn:
            row = conn.execute(sa.select(consents).where(consents.c.id == consent_id)).first()
            if row is None:
                raise NotFoundError(f"no consent request {consent_id!r}")
            item = self._own(conn, principal, row.item_id)
            if row.status != "pending":
                raise ConflictError(f"consent {consent_id} was already {row.status}")
            conn.execute(consents.update().where(consents.c.id == consent_id).values(
                status="granted" if grant else "refused", decided_at=now))
            if grant:
                conn.execute(recipients.insert().values(
                    item_id=row.item_id, member=row.third_member, via="consent",
                    state="pending"))
                emit(conn, now, row.item_id,
                     Event.WARNING if item.row.kind == "warning" else Event.REQUEST,
                     [row.third_member])
            audit.append(conn, now, principal, "consent.grant" if grant else "consent.refuse",
                         row.item_id, consent=consent_id, third=row.third_member)

    def escalate(self) -> list[tuple[str, str]]:
        """Escalate high-severity warnings not acknowledged by their deadline: the recipient and
        the originator are told. Returns the (item, member) pairs escalated now."""
        now = self.clock.now()
        r = recipients.c
        with self.engine.begin() as conn:
            due = conn.execute(
                sa.select(r.item_id, r.member, items.c.originator)
                .join(items, items.c.id == r.item_id)
                .where(r.deadline.is_not(None), r.deadline <= now, r.escalated_at.is_(None),
                       r.state != "acknowledged", items.c.retracted_at.is_(None))
                .order_by(r.item_id, r.member)).all()
            for item_id, member, originator in due:
                conn.execute(recipients.update().where(r.item_id == item_id, r.member == member)
                             .values(escalated_at=now))
                emit(conn, now, item_id, Event.ESCALATION, [member, originator])
                audit.append(conn, now, None, "warning.escalate", item_id, member=member)
            return [(i, m) for i, m, _ in due]

    def verify_signature(self, item_id: str) -> bool:
        """Whether a stored item's payload still carries its originator's valid signature."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(items).where(items.c.id == item_id)).first()
            if row is None:
                raise NotFoundError(f"no item {item_id!r}")
            if not row.signature:
                return False
            return signature_valid(directory.public_key(conn, row.originator), row.signature,
                                   row.payload.encode())
