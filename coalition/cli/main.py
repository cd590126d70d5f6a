"""The `coalition` command group. Each command lives in a module of its own under cli/ and is
added to COMMANDS below; errors from the package become one-line messages and exit codes
(2 for usage, 1 for bad input or missing data)."""

from __future__ import annotations

import importlib
import sys

import click

from coalition import __version__
from coalition.errors import CoalitionError, UsageError

# Each command's name and the module:attribute of its click command or group, in the order
# `--help` lists them. A module is imported only when its command runs (or for --help), so a
# one-name `coalition screen` does not pay for the API, the exchange or the monitor.
COMMANDS = {
    "demo": "coalition.cli.demo:demo",
    "import": "coalition.cli.imports:import_cmd",
    "formats": "coalition.cli.formats:formats",
    "lists": "coalition.cli.lists:lists",
    "show": "coalition.cli.show:show",
    "diff": "coalition.cli.diff:diff",
    "export": "coalition.cli.export:export",
    "screen": "coalition.cli.screen:screen",
    "member": "coalition.cli.ledger:member",
    "statement": "coalition.cli.ledger:statement",
    "proposal": "coalition.cli.ledger:proposal",
    "consolidated": "coalition.cli.ledger:consolidated",
    "disagreements": "coalition.cli.ledger:disagreements",
    "log": "coalition.cli.ledger:log",
    "resolve": "coalition.cli.resolve:resolve",
    "exchange": "coalition.cli.exchange:exchange",
    "monitor": "coalition.cli.monitor:monitor",
    "user": "coalition.cli.accounts:user",
    "token": "coalition.cli.accounts:token",
    "serve": "coalition.cli.serve:serve",
}


def load_command(name: str) -> click.Command:
    """The click command `name`, its module imported on first use."""
    module_name, attr = COMMANDS[name].split(":")
    command: click.Command = getattr(importlib.import_module(module_name), attr)
    return command


class Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except CoalitionError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coalition")
def cli() -> None:
    """coalition: the joint list, screening, exchange and monitoring of a counter-terrorism
    coalition. Data lives in COALITION_HOME (default ./data) or COALITION_DB."""
