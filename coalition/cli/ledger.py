"""The joint list's commands: `member`, `statement`, `proposal`, `consolidated`,
`disagreements` and `log`. Each is a few lines over coalition.ledger."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sys
from datetime import date
from pathlib import Path

import click
import orjson

from coalition.cli import context
from coalition.cli.output import console, emit_json, emit_rows, want_json
from coalition.errors import UsageError
from coalition.ledger import Draft, KeyStore, Ledger, Position, seed_from_store
from coalition.ledger.entities import captions, load_ftm, sanction_ftm
from coalition.ledger.members import Kind

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
JSON = click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
UNRESOLVED = click.option("--unresolved", is_flag=True,
                          help="One entry per record, ignoring `coalition resolve` links.")
AS_OF = click.option("--as-of", default=lambda: date.today().isoformat(),
                     help="The date to show the list as of (default: today).")


def ledger() -> Ledger:
    phrase = os.environ.get("COALITION_KEY_PASSPHRASE")
    keys = KeyStore(context.settings().home / "keys", phrase.encode() if phrase else None)
    return Ledger(context.store(), keys)


def evidence_digest(item: str) -> str:
    """A file's SHA-256, or a digest given as 64 hex digits."""
    if _HEX64.match(item.lower()):
        return item.lower()
    path = Path(item)
    if not path.is_file():
        raise UsageError(f"evidence {item!r} is neither a file nor a SHA-256 digest")
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- members --------------------------------------------------------------------------------

@click.group("member")
def member() -> None:
    """Coalition members: states, agencies and international bodies with signing keys."""


@member.command("add")
@click.argument("member_id")
@click.option("--name", required=True, help="e.g. 'France, Ministry for Europe and Foreign "
                                            "Affairs'.")
@click.option("--country", help="Country name or alpha-2 code (none for an international "
                                "body).")
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default="state",
              show_default=True)
@click.option("--joined", help="Date it joined (counts for --policy all from then).")
@click.option("--public-key", help="Its Ed25519 public key (hex) when it signs elsewhere; "
                                   "default: a key made in COALITION_HOME/keys (mode 0600).")
def member_add(member_id: str, name: str, country: str | None, kind: str, joined: str | None,
               public_key: str | None) -> None:
    """Register a member and its public key."""
    m = ledger().add_member(member_id, name, country=country, kind=kind, joined=joined,
                            public_key=public_key)
    emit_json(m.to_dict())


@member.command("rotate-key")
@click.argument("member_id")
@click.option("--reason", required=True, help="Why the key is replaced.")
@click.option("--by", help="An admin member replacing a lost key (signs with its own key).")
@click.option("--public-key", help="The new Ed25519 public key (hex) when it is kept "
                                   "elsewhere; default: a new key in COALITION_HOME/keys.")
def member_rotate_key(member_id: str, reason: str, by: str | None,
                      public_key: str | None) -> None:
    """Replace a member's signing key by a statement in the log."""
    sid = ledger().rotate_key(member_id, reason=reason, by=by, public_key=public_key)
    emit_json({"id": sid, "member": member_id})


@member.command("grant-admin")
@click.argument("member_id")
def member_grant_admin(member_id: str) -> None:
    """Allow a member to replace other members' lost keys."""
    ledger().grant_admin(member_id)
    emit_json({"admin": member_id})


@member.command("list")
@JSON
def member_list(as_json: bool) -> None:
    """Every member."""
    rows = [m.to_dict() for m in ledger().members()]
    emit_rows(rows, ["id", "name", "country", "kind", "joined"], as_json=want_json(as_json),
              title="Members")


@member.command("show")
@click.argument("member_id")
def member_show(member_id: str) -> None:
    """A member, its public key and how many statements it made."""
    led = ledger()
    data: dict[str, object] = dict(led.member(member_id).to_dict())
    data["statements"] = len(led.rows(member=member_id))
    data["keys"] = led.keys_of(member_id)  # the last one signs now
    data["key_file"] = str(led.keys.path(member_id)) if led.keys.has(member_id) else None
    emit_json(data)


# -- statements -----------------------------------------------------------------------------

def _draft(member_id: str, entity: str, position: str, basis: str, effective: str,
           until: str | None, reasons: str, evidence: tuple[str, ...], supersedes: str | None,
           entity_file: Path | None, **extra: object) -> Draft:
    new_entity = orjson.loads(entity_file.read_bytes()) if entity_file else None
    return Draft(member_id, entity, position, basis, effective, until=until, reasons=reasons,
                 evidence=[evidence_digest(e) for e in evidence], supersedes=supersedes,
                 new_entity=new_entity, **extra)  # type: ignore[arg-type]


def statement_options(f):  # type: ignore[no-untyped-def]
    for opt in reversed([
        click.option("--member", "member_id", required=True, help="The member stating it."),
        click.option("--entity", required=True, help="Entity id (un-sc-QDi.001, …)."),
        click.option("--basis", required=True, help="Legal basis, e.g. 'UNSCR 2253 (2015)'."),
        click.option("--effective", default=lambda: date.today().isoformat(),
                     help="Effective date (default: today)."),
        click.option("--until", help="End date, inclusive."),
        click.option("--reasons", default="", help="Reasons, in words."),
        click.option("--evidence", multiple=True, help="A file (hashed) or a SHA-256."),
        click.option("--supersedes", help="Id of the member's statement this corrects."),
        click.option("--entity-file", type=click.Path(path_type=Path, dir_okay=False),
                     help="FtM JSON of an entity not yet in the store."),
    ]):
        f = opt(f)
    return f


@click.group("statement")
def statement() -> None:
    """Designation statements: signed, append-only."""


@statement.command("add")
@click.option("--position", type=click.Choice([p.value for p in Position]), required=True)
@statement_options
def statement_add(position: str, **kw: object) -> None:
    """Sign a statement with the member's key and append it to the log."""
    sid, = ledger().record(_draft(position=position, **kw))  # type: ignore[arg-type]
    emit_json({"id": sid})


@statement.command("list")
@click.option("--member", "member_id")
@click.option("--entity")
@JSON
def statement_list(member_id: str | None, entity: str | None, as_json: bool) -> None:
    """Recorded statements in log order."""
    rows = [{k: getattr(r, k) for k in r.__slots__}  # type: ignore[attr-defined]
            for r in ledger().rows(member=member_id, entity=entity)]
    emit_rows(rows, ["log_index", "member", "entity_id", "position", "effective", "until",
                     "legal_basis"], as_json=want_json(as_json))


@statement.command("seed")
@click.argument("datasets", nargs=-1, required=True)
def statement_seed(datasets: tuple[str, ...]) -> None:
    """Record the publishers' statements for imported lists (done on import; idempotent)."""
    for ds in datasets:
        r = seed_from_store(context.store(), ds, ledger().keys)
        emit_json(r.__dict__)


# -- proposals ------------------------------------------------------------------------------

@click.group("proposal")
def proposal() -> None:
    """Proposals: one member proposes, others endorse or object before a deadline."""


@proposal.command("create")
@click.option("--deadline", required=True, help="Last day to answer.")
@click.option("--quorum", type=int, default=2, show_default=True,
              help="Members in support (the proposer included) needed for adoption.")
@statement_options
def proposal_create(deadline: str, quorum: int, **kw: object) -> None:
    """Propose a designation (the proposer's own `listed` statement)."""
    pid, = ledger().record(_draft(position=Position.LISTED,  # type: ignore[arg-type]
                                  proposal={"deadline": deadline, "quorum": quorum}, **kw))
    emit_json({"id": pid})


def _answer(position: Position):  # type: ignore[no-untyped-def]
    @click.argument("proposal_id")
    @statement_options
    def command(proposal_id: str, **kw: object) -> None:
        sid, = ledger().record(_draft(position=position, responds_to=proposal_id,  # type: ignore[arg-type]
                                      **kw))
        emit_json({"id": sid})
    return command


proposal.command("endorse", help="Endorse a proposal (a `listed` statement).")(
    _answer(Position.LISTED))
proposal.command("object", help="Object to a proposal.")(_answer(Position.OBJECTS))
proposal.command("abstain", help="Abstain on a proposal.")(_answer(Position.ABSTAINS))


@proposal.command("list")
@AS_OF
@JSON
def proposal_list(as_of: str, as_json: bool) -> None:
    """Proposals and their state as of a date."""
    rows = [p.to_dict() for p in ledger().proposals(as_of)]
    emit_rows(rows, ["id", "proposer", "entity_id", "deadline", "quorum", "endorsed_by",
                     "objected_by", "state"], as_json=want_json(as_json))


# -- views ----------------------------------------------------------------------------------

def _row(entry, names: dict[str, tuple[str, str]]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    schema, caption = names.get(entry.entity_id, ("", ""))
    return {"entity_id": entry.entity_id, "caption": caption, "schema": schema,
            "referents": ";".join(entry.referents),
            "since": entry.since, "listed_by": ";".join(entry.listed_by),
            "objected_by": ";".join(entry.objected_by),
            "basis": "; ".join(f"{m}: {b}" for m, b in entry.basis.items())}


@click.command("consolidated")
@click.option("--policy", default="any", show_default=True,
              help="any | quorum:K | all | members:A,B | un")
@AS_OF
@click.option("--known-at", help="Only statements recorded by then (reproduce a past view).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "ftm"]), default="json",
              show_default=True)
@click.option("--diff", nargs=2, metavar="DATE1 DATE2", help="What changed between two dates.")
@UNRESOLVED
def consolidated(policy: str, as_of: str, known_at: str | None, fmt: str,
                 diff: tuple[str, str] | None, unresolved: bool) -> None:
    """The consolidated list under a policy, with who lists, who objects, since when, on
    what basis; an entry is an entity with every record (referent) that names it."""
    led = ledger()
    if diff:
        d = led.diff(policy, *diff, resolved=not unresolved)
        for kind, entries in (("added", d.added), ("removed", d.removed),
                              ("changed", [new for _, new in d.changed])):
            for e in entries:
                emit_json({"change": kind, **e.to_dict()})
        return
    entries = led.consolidated(policy, as_of, known_at, resolved=not unresolved)
    if fmt == "ftm":
        members = {m.id: m for m in led.members()}
        data = load_ftm(led.engine, [r for e in entries for r in e.referents])
        out = sys.stdout.buffer
        for e in entries:
            for ref in e.referents:
                if ref in data:
                    out.write(orjson.dumps(data[ref]) + b"\n")
            for s in sanction_ftm(e, members):
                out.write(orjson.dumps(s) + b"\n")
        return
    names = captions(led.engine, [e.entity_id for e in entries])
    if fmt == "csv":
        cols = ["entity_id", "caption", "schema", "referents", "since", "listed_by",
                "objected_by", "basis"]
        writer = csv.DictWriter(sys.stdout, cols)
        writer.writeheader()
        writer.writerows(_row(e, names) for e in entries)
        return
    for e in entries:
        emit_json({**e.to_dict(), "caption": names.get(e.entity_id, ("", ""))[1]})


@click.command("disagreements")
@AS_OF
@JSON
@UNRESOLVED
def disagreements(as_of: str, as_json: bool, unresolved: bool) -> None:
    """Entities listed by some members and objected to by others."""
    led = ledger()
    entries = led.disagreements(as_of, resolved=not unresolved)
    names = captions(led.engine, [e.entity_id for e in entries])
    emit_rows([_row(e, names) for e in entries],
              ["entity_id", "caption", "listed_by", "objected_by", "basis"],
              as_json=want_json(as_json))


# -- the transparency log -------------------------------------------------------------------

@click.group("log")
def log() -> None:
    """The transparency log: tree heads, proofs, audit."""


@log.command("verify")
def log_verify() -> None:
    """Recompute every statement and tree head; name whatever was changed. Exit 1 if any."""
    audit = ledger().log.verify()
    for p in audit.problems:
        emit_json({"log_index": p.log_index, "statement": p.statement_id, "problem": p.what})
    console.print(f"{audit.statements:,} statements, {audit.heads:,} tree heads: "
                  + ("all verified" if audit.ok else f"{len(audit.problems)} problems"),
                  highlight=False)
    if not audit.ok:
        sys.exit(1)


@log.command("head")
def log_head() -> None:
    """The latest signed tree head."""
    led = ledger()
    head = led.head()
    emit_json({**head.to_dict(), "signature_valid": led.log.check_head(head)})


@log.command("prove")
@click.argument("statement_id", required=False)
@click.option("--size", type=int, help="Tree head size (default: the latest).")
@click.option("--from", "old", type=int, help="Consistency proof from this tree size.")
def log_prove(statement_id: str | None, size: int | None, old: int | None) -> None:
    """An inclusion proof for a statement, or (--from N) a consistency proof between heads."""
    tlog = ledger().log
    if old is not None:
        c = tlog.prove_consistency(old, size)
        emit_json({"old": c.old.to_dict(), "new": c.new.to_dict(), "path": c.path,
                   "verified": c.check()})
        return
    if not statement_id:
        raise UsageError("give a statement id, or --from N for a consistency proof")
    p = tlog.prove_inclusion(statement_id, size)
    emit_json({"statement": p.statement_id, "leaf_index": p.leaf_index,
               "leaf_hash": p.leaf_hash, "head": p.head.to_dict(), "path": p.path,
               "verified": p.check()})
