"""`coalition user …` and `coalition token …`: the users who act for members, with roles, and
their API tokens. A few lines each over `coalition.accounts.Accounts`."""

from __future__ import annotations

import sys

import click

from coalition.accounts import Accounts, Role
from coalition.cli import context
from coalition.cli.output import emit_json, emit_rows, want_json
from coalition.errors import UsageError

JSON = click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")


def accounts() -> Accounts:
    return Accounts(context.store())


def _read_password() -> str:
    """The first line of stdin (the password), without its line ending."""
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise UsageError("--password-stdin read no password from stdin")
    return line


@click.group("user")
def user() -> None:
    """Users: each acts for one member with a role (admin, analyst, screener)."""


@user.command("add")
@click.argument("username")
@click.option("--member", "member_id", required=True, help="The member the user acts for.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True,
              help="screener: screening only; analyst: joint list, exchange, monitor; admin.")
@click.option("--password-stdin", is_flag=True, help="Read a web-login password from stdin.")
def user_add(username: str, member_id: str, role: str, password_stdin: bool) -> None:
    """Add a user acting for MEMBER."""
    password = _read_password() if password_stdin else None
    emit_json(accounts().add_user(username, member_id, role, password=password).to_dict())


@user.command("list")
@click.option("--member", "member_id", help="Only the users of this member.")
@JSON
def user_list(member_id: str | None, as_json: bool) -> None:
    """Every user, its member and role."""
    rows = [u.to_dict() for u in accounts().list_users(member_id)]
    emit_rows(rows, ["username", "member_id", "role", "disabled", "has_password", "created_at"],
              as_json=want_json(as_json), title="Users")


@user.command("password")
@click.argument("username")
def user_password(username: str) -> None:
    """Set a user's web-login password, read from stdin."""
    accounts().set_password(username, _read_password())
    click.echo(f"password of {username} set", err=True)


@user.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the user again instead.")
def user_disable(username: str, enable: bool) -> None:
    """Disable a user: its tokens and password stop working at once."""
    emit_json(accounts().set_disabled(username, not enable).to_dict())


@click.group("token")
def token() -> None:
    """API tokens: shown once when issued, stored only as SHA-256."""


@token.command("issue")
@click.argument("username")
@click.option("--label", default="", help="What the token is for (e.g. 'payments screening').")
def token_issue(username: str, label: str) -> None:
    """Issue a token for USERNAME; the token is printed once on stdout."""
    issued = accounts().issue_token(username, label)
    click.echo(f"token {issued.id} for {issued.user.username} ({issued.user.member_id}, "
               f"{issued.user.role}); it is not shown again", err=True)
    click.echo(issued.token)


@token.command("revoke")
@click.argument("token_id")
def token_revoke(token_id: str) -> None:
    """Revoke a token by its id (tok-…); it stops working at once."""
    emit_json(accounts().revoke_token(token_id).to_dict())


@token.command("list")
@click.option("--user", "username", help="Only this user's tokens.")
@JSON
def token_list(username: str | None, as_json: bool) -> None:
    """Tokens (ids, never the tokens themselves), when last used, whether revoked."""
    rows = [t.to_dict() for t in accounts().list_tokens(username)]
    emit_rows(rows, ["id", "username", "label", "created_at", "last_used_at", "revoked_at"],
              as_json=want_json(as_json), title="Tokens")
