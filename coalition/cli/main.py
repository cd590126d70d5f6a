"""The `coalition` command group. Each command lives in a module of its own under cli/ and is
added to COMMANDS below; errors from the package become one-line messages and exit codes
(2 for usage, 1 for bad input or missing data)."""

from __future__ import annotations

import importlib
import sys

import click

from coalition import __version__
from coalition.errors import CoalitionError, UsageError

# module:attribute of each click command or group, in the order `--help` lists them.
COMMANDS = [
    "coalition.cli.demo:demo",
    "coalition.cli.imports:import_cmd",
    "coalition.cli.formats:formats",
    "coalition.cli.lists:lists",
    "coalition.cli.show:show",
    "coalition.cli.diff:diff",
    "coalition.cli.export:export",
    "coalition.cli.screen:screen",
    "coalition.cli.ledger:member",
    "coalition.cli.ledger:statement",
    "coalition.cli.ledger:proposal",
    "coalition.cli.ledger:consolidated",
    "coalition.cli.ledger:disagreements",
    "coalition.cli.ledger:log",
    "coalition.cli.exchange:exchange",
    "coalition.cli.monitor:monitor",
    "coalition.cli.accounts:user",
    "coalition.cli.accounts:token",
    "coalition.cli.serve:serve",
]


class Group(click.Group):
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


for spec in COMMANDS:
    module_name, attr = spec.split(":")
    cli.add_command(getattr(importlib.import_module(module_name), attr))
