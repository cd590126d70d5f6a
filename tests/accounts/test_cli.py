"""`coalition user …` and `coalition token …` through click's runner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from coalition.accounts import Accounts
from coalition.cli import context
from coalition.cli.main import cli


def test_user_and_token_commands(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["member", "add", "fr", "--name", "France", "--country", "fr"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["user", "add", "alice", "--member", "fr", "--role", "analyst",
                            "--password-stdin"], input="a long enough password\n")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["has_password"] is True
    r = runner.invoke(cli, ["user", "list", "--json"])
    assert [json.loads(line)["username"] for line in r.stdout.splitlines()] == ["alice"]
    r = runner.invoke(cli, ["token", "issue", "alice", "--label", "bank"])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("cot_") and "not shown again" in r.stderr
    accounts = Accounts(context.store())
    assert accounts.authenticate(token).member_id == "fr"
    r = runner.invoke(cli, ["token", "list", "--json"])
    (info,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert info["label"] == "bank" and token not in r.stdout
    r = runner.invoke(cli, ["token", "revoke", info["id"]])
    assert r.exit_code == 0 and json.loads(r.stdout)["revoked_at"]
    assert accounts.verify_password("alice", "a long enough password").role == "analyst"


def test_user_errors_exit_with_a_message(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["user", "add", "bob", "--member", "nowhere", "--role", "admin"])
    assert r.exit_code == 1 and "no member 'nowhere'" in r.output
    r = runner.invoke(cli, ["user", "add", "bob", "--member", "x", "--role", "king"])
    assert r.exit_code == 2
    r = runner.invoke(cli, ["user", "add", "bob", "--member", "x", "--role", "admin",
                            "--password-stdin"], input="")
    assert r.exit_code == 2 and "read no password" in r.output
    r = runner.invoke(cli, ["token", "revoke", "tok-missing"])
    assert r.exit_code == 1 and "no token" in r.output
