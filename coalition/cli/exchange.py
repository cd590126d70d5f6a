"""`coalition exchange …`: warnings, requests for assistance, sharing groups, delivery, STIX,
the audit chain. Commands act as the user whose token is in --token or COALITION_TOKEN (made
by `coalition exchange user add`); each is a few lines over `ExchangeService`."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import click

from coalition.cli import context
from coalition.cli.output import emit_json, emit_rows, want_json
from coalition.errors import InputError, UsageError
from coalition.exchange import (
    DeliveryWorker,
    ExchangeService,
    HttpxTransport,
    KeyStoreSigner,
    Principal,
    RequestDraft,
    WarningDraft,
    interop,
)
from coalition.ledger.keys import KeyStore

JSON = click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
TOKEN = click.option("--token", envvar="COALITION_TOKEN", help="Your exchange token "
                     "(default: $COALITION_TOKEN).")
TLP_OPT = click.option("--tlp", default="AMBER", show_default=True,
                       help="CLEAR, GREEN, AMBER, AMBER+STRICT or RED.")
TO = click.option("--to", "recipients", multiple=True, help="A recipient member (repeat).")
GROUP = click.option("--group", help="A sharing group to send to.")
ROWS = ["id", "kind", "tlp", "originator", "title", "state", "issued_at"]


def service() -> ExchangeService:
    phrase = os.environ.get("COALITION_KEY_PASSPHRASE")
    keys = KeyStore(context.settings().home / "keys", phrase.encode() if phrase else None)
    return ExchangeService(context.store(), signer=KeyStoreSigner(keys))


def me(svc: ExchangeService, token: str | None) -> Principal:
    if not token:
        raise UsageError("give --token or set COALITION_TOKEN (see `coalition exchange user add`)")
    return svc.authenticate(token)


def _row(view: object) -> dict[str, object]:
    d = view.to_dict()  # type: ignore[attr-defined]
    d["state"] = d.get("request_state") or d.get("state")
    return d


@click.group("exchange")
def exchange() -> None:
    """Warnings and requests for assistance between members, need-to-know by TLP and groups."""


@exchange.command("warn")
@click.option("--title", required=True)
@click.option("--text", required=True)
@click.option("--severity", default="medium", show_default=True,
              help="low, medium, high or critical.")
@TLP_OPT
@TO
@GROUP
@click.option("--subject", "subjects", multiple=True,
              help="An entity id (entity:un-sc-QDi.001) or a name (repeat).")
@click.option("--valid-until")
@click.option("--attachment", "attachments", multiple=True, help="SHA-256 of an attachment.")
@click.option("--user", "users", multiple=True, help="A named recipient user (TLP:RED).")
@TOKEN
def warn(title: str, text: str, severity: str, tlp: str, recipients: tuple[str, ...],
         group: str | None, subjects: tuple[str, ...], valid_until: str | None,
         attachments: tuple[str, ...], users: tuple[str, ...], token: str | None) -> None:
    """Issue a warning to members or a sharing group; prints its id."""
    svc = service()
    click.echo(svc.warn(me(svc, token), WarningDraft(
        title=title, text=text, severity=severity, tlp=tlp, recipients=list(recipients),
        group=group, subjects=list(subjects), valid_until=valid_until,
        attachments=list(attachments), named_users=list(users))))


@exchange.command("warnings")
@click.option("--search", "text", help="Only items whose title or text contains this.")
@click.option("--limit", default=100, show_default=True)
@JSON
@TOKEN
def warnings(text: str | None, limit: int, as_json: bool, token: str | None) -> None:
    """The warnings you may read, newest first."""
    svc = service()
    views = svc.list_items(me(svc, token), kind="warning", text=text, limit=limit)
    emit_rows([_row(v) for v in views], ROWS, as_json=want_json(as_json))


@exchange.command("show")
@click.argument("item_id")
@TOKEN
def show(item_id: str, token: str | None) -> None:
    """One warning or request, as JSON (reading it marks it read)."""
    svc = service()
    emit_json(svc.get(me(svc, token), item_id).to_dict())


@exchange.command("ack")
@click.argument("item_id")
@TOKEN
def ack(item_id: str, token: str | None) -> None:
    """Acknowledge a warning for your member."""
    svc = service()
    svc.acknowledge(me(svc, token), item_id)
    click.echo(f"acknowledged {item_id}")


@exchange.command("request")
@click.option("--title", required=True)
@click.option("--question", "questions", multiple=True, required=True, help="Repeat.")
@click.option("--due", help="Due date, YYYY-MM-DD.")
@click.option("--text", default="")
@TLP_OPT
@TO
@GROUP
@click.option("--subject", "subjects", multiple=True)
@click.option("--user", "users", multiple=True, help="A named recipient user (TLP:RED).")
@TOKEN
def request(title: str, questions: tuple[str, ...], due: str | None, text: str, tlp: str,
            recipients: tuple[str, ...], group: str | None, subjects: tuple[str, ...],
            users: tuple[str, ...], token: str | None) -> None:
    """Send a request for assistance; prints its id."""
    svc = service()
    click.echo(svc.request(me(svc, token), RequestDraft(
        title=title, questions=list(questions), due=due, text=text, tlp=tlp,
        recipients=list(recipients), group=group, subjects=list(subjects),
        named_users=list(users))))


@exchange.command("reply")
@click.argument("request_id")
@click.option("--question", type=int, required=True, help="Question number, from 1.")
@click.option("--status", type=click.Choice(["answer", "partial", "negative"]),
              default="answer", show_default=True)
@click.option("--text", default="")
@TOKEN
def reply(request_id: str, question: int, status: str, text: str, token: str | None) -> None:
    """Answer one question of a request (partial and negative answers too)."""
    svc = service()
    click.echo(svc.reply(me(svc, token), request_id, question, status, text))


@exchange.command("requests")
@click.option("--limit", default=100, show_default=True)
@JSON
@TOKEN
def requests(limit: int, as_json: bool, token: str | None) -> None:
    """The requests for assistance you may read, with their state."""
    svc = service()
    views = svc.list_items(me(svc, token), kind="request", limit=limit)
    emit_rows([_row(v) for v in views], ROWS, as_json=want_json(as_json))


@exchange.command("retract")
@click.argument("item_id")
@click.option("--reason", required=True)
@TOKEN
def retract(item_id: str, reason: str, token: str | None) -> None:
    """Retract your member's warning; every recipient is told."""
    svc = service()
    svc.retract(me(svc, token), item_id, reason)
    click.echo(f"retracted {item_id}")


@exchange.group("group")
def group() -> None:
    """Sharing groups: named sets of members."""


@group.command("add")
@click.argument("group_id")
@click.argument("members", nargs=-1, required=True)
@click.option("--name", help="A title for a new group.")
@TOKEN
def group_add(group_id: str, members: tuple[str, ...], name: str | None,
              token: str | None) -> None:
    """Create a group (owned by your member) or add members to your group."""
    svc = service()
    p = me(svc, token)
    existing = {g.id for g in svc.groups(p)}
    g = (svc.add_to_group(p, group_id, list(members)) if group_id in existing
         else svc.create_group(p, group_id, name or group_id, list(members)))
    click.echo(f"{g.id}: {', '.join(g.members)}")


@group.command("list")
@JSON
@TOKEN
def group_list(as_json: bool, token: str | None) -> None:
    """The sharing groups your member belongs to."""
    svc = service()
    rows = [{**g.to_dict(), "members": ", ".join(g.members)} for g in svc.groups(me(svc, token))]
    emit_rows(rows, ["id", "name", "owner", "members"], as_json=want_json(as_json))


@exchange.group("user")
def user() -> None:
    """Users who act for a member."""


@user.command("add")
@click.argument("member")
@click.argument("name")
@click.option("--days", type=int, help="Token lifetime in days (default: no expiry).")
def user_add(member: str, name: str, days: int | None) -> None:
    """Create a user of MEMBER; prints its id and its token (shown once)."""
    u, token = service().create_user(member, name, timedelta(days=days) if days else None)
    emit_json({"user": u.id, "member": u.member, "token": token})


@exchange.command("endpoint")
@click.argument("member")
@click.argument("url")
def endpoint(member: str, url: str) -> None:
    """Set MEMBER's webhook URL; prints the signing secret (shown once)."""
    emit_json({"member": member, "url": url, "secret": service().set_endpoint(member, url)})


@exchange.command("deliver")
@click.option("--worker", is_flag=True, help="Keep running (otherwise: until nothing is due).")
@click.option("--lease", default=30.0, show_default=True, help="Seconds a claimed row is held.")
@click.option("--parallel", default=16, show_default=True, help="POSTs in flight at once.")
@click.option("--batch", default=100, show_default=True, help="Deliveries per POST at most.")
def deliver(worker: bool, lease: float, parallel: int, batch: int) -> None:
    """Send the outbox to members' webhooks (one run, or as a worker)."""
    svc = service()
    w = DeliveryWorker(svc, HttpxTransport(), lease=timedelta(seconds=lease), parallel=parallel,
                       batch=batch)
    try:
        total = w.run(until_empty=not worker)
    finally:
        w.close()
    emit_json({"claimed": total.claimed, "delivered": total.delivered, "failed": total.failed,
               "posts": total.posts})


@exchange.group("stix")
def stix() -> None:
    """STIX 2.1 bundles in and out."""


@stix.command("export")
@click.option("--item", "items", multiple=True, help="Only these items (repeat).")
@click.option("--group", help="Only items sent to this sharing group.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@TOKEN
def stix_export(items: tuple[str, ...], group: str | None, output: Path | None,
                token: str | None) -> None:
    """Export everything you may read (page after page) as one STIX 2.1 bundle."""
    svc = service()
    export = interop.export_all(svc, me(svc, token), list(items) or None, group)
    data = interop.dumps(export.bundle)
    click.echo(f"exported {export.count} items", err=True)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data + b"\n")


@stix.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--group", help="Share the imported warnings with this sharing group.")
@TOKEN
def stix_import(path: Path, group: str | None, token: str | None) -> None:
    """Import your member's warnings from a STIX 2.1 bundle (all or nothing)."""
    svc = service()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    summary = interop.import_bundle(svc, me(svc, token), data, group=group, source=path.name)
    emit_json(summary.to_dict())


@exchange.group("audit")
def audit() -> None:
    """The tamper-evident audit chain."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; exit 1 at the first entry that does not check."""
    report = service().verify_audit()
    emit_json(report.__dict__)
    if not report.ok:
        raise InputError(f"audit chain broken at entry {report.first_bad}: {report.reason}")
