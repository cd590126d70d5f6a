"""`coalition monitor …`: ingest news, read mentions, events, timelines, the co-mention network,
judge candidate names, keep watchlists and read alerts."""

from __future__ import annotations

from pathlib import Path

import click

from coalition.cli import context
from coalition.cli.output import emit_json, emit_rows, err_console, want_json
from coalition.monitor import judging
from coalition.monitor.network import build, to_graphml
from coalition.monitor.repository import MonitorRepository
from coalition.monitor.timeline import timeline


def _repo() -> MonitorRepository:
    return MonitorRepository(context.store().engine)


@click.group("monitor")
def monitor() -> None:
    """Open-source news: mentions linked to the list, events, timelines, alerts."""


@monitor.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--no-nlp", is_flag=True, help="Gazetteer only: no NER, no events (faster).")
@click.option("--no-follow", is_flag=True, help="Do not fetch the pages feed items link to.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def ingest(sources: tuple[str, ...], no_nlp: bool, no_follow: bool, as_json: bool) -> None:
    """Ingest text files, HTML pages, RSS/Atom feeds or folders of them, from paths or URLs."""
    from coalition.monitor.service import Monitor

    report = Monitor(context.store(), nlp=not no_nlp, follow_links=not no_follow).ingest(sources)
    for problem in report.problems:
        err_console.print(f"skipped: {problem}", highlight=False, markup=False)
    if want_json(as_json):
        emit_json(report.to_dict())
    else:
        click.echo(f"{report.articles} articles from {report.sources} inputs "
                   f"({report.duplicates} already seen): {report.new_stories} new stories, "
                   f"{report.merged} merged into existing ones; {report.mentions} mentions "
                   f"({report.linked} linked, {report.candidates} candidates), {report.events} "
                   f"events, {report.alerts} new alerts; {len(report.problems)} inputs skipped")
    if report.problems and not report.articles:
        raise SystemExit(1)


@monitor.command("mentions")
@click.option("--entity", help="Only mentions linked to this entity id.")
@click.option("--status", type=click.Choice(["linked", "candidate", "rejected"]))
@click.option("--json", "as_json", is_flag=True)
def mentions(entity: str | None, status: str | None, as_json: bool) -> None:
    """Linked entities with their mention and story counts (or every mention, with --json)."""
    rows = _repo().mentions(entity=entity, status=status)
    if want_json(as_json):
        for row in rows:
            emit_json({k: row[k] for k in ("article_id", "story_id", "start", "end", "text",
                                            "label", "origin", "status", "entity_id",
                                            "caption", "confidence", "strong")})
        return
    summary: dict[tuple[str, str, str], list[set[str]]] = {}
    for r in rows:
        key = (r["entity_id"] or "", r["caption"] or r["text"], r["status"])
        acc = summary.setdefault(key, [set(), set()])
        acc[0].add(f"{r['article_id']}:{r['start']}")
        acc[1].add(r["story_id"])
    table = [{"entity": k[0], "name": k[1], "status": k[2], "mentions": len(v[0]),
              "stories": len(v[1])} for k, v in sorted(summary.items(),
                                                        key=lambda kv: -len(kv[1][1]))]
    emit_rows(table, ["entity", "name", "status", "mentions", "stories"], as_json=False)


@monitor.command("events")
@click.option("--entity", help="Only events this entity id took part in.")
@click.option("--kind", type=click.Choice(["met", "said", "called_for"]))
@click.option("--json", "as_json", is_flag=True)
def events(entity: str | None, kind: str | None, as_json: bool) -> None:
    """Who met whom, who said what, who called for what: date, place, summary, evidence."""
    rows = _repo().events(entity=entity, kind=kind)
    emit_rows(rows, ["date", "kind", "summary", "place", "sentence"], as_json=want_json(as_json))


@monitor.command("timeline")
@click.argument("entity")
@click.option("--json", "as_json", is_flag=True)
def timeline_cmd(entity: str, as_json: bool) -> None:
    """An entity's stories and events by date (ENTITY: an id or a name seen in the news)."""
    repo = _repo()
    entity_id, caption = repo.resolve_entity(entity)
    rows = timeline(repo, entity_id)
    emit_rows(rows, ["date", "kind", "text", "place"], as_json=want_json(as_json),
              title=f"{caption} ({entity_id})")


@monitor.command("network")
@click.option("--graphml", "graphml", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the co-mention network as GraphML to this file.")
@click.option("--min-weight", default=1, show_default=True, help="Least shared stories per edge.")
@click.option("--json", "as_json", is_flag=True)
def network(graphml: Path | None, min_weight: int, as_json: bool) -> None:
    """The co-mention network of linked entities (an edge per pair of entities in a story)."""
    net = build(_repo().mentions(status="linked"), min_weight=min_weight)
    if graphml:
        graphml.write_bytes(to_graphml(net))
        click.echo(f"{len(net.nodes)} nodes, {len(net.edges)} edges written to {graphml}")
        return
    if want_json(as_json):
        emit_json(net.to_dict())
        return
    emit_rows(net.to_dict()["edges"], ["source", "target", "weight"], as_json=False)


@monitor.command("candidates")
@click.option("--json", "as_json", is_flag=True)
def candidates(as_json: bool) -> None:
    """Names found in the news that link to nothing, for an analyst to confirm or reject."""
    emit_rows(_repo().candidates(), ["name", "label", "mentions", "stories"],
              as_json=want_json(as_json))


@monitor.command("confirm")
@click.argument("name")
@click.option("--entity", help="Link to this entity id; default: a new analyst entity.")
@click.option("--caption", help="Caption of the new analyst entity (default: NAME).")
@click.option("--analyst", help="Who judged.")
def confirm(name: str, entity: str | None, caption: str | None, analyst: str | None) -> None:
    """Confirm a candidate name as a real actor; past and future mentions link to it."""
    judged = judging.confirm(_repo(), name, entity=entity, caption=caption, analyst=analyst)
    click.echo(f"confirmed {name!r} as {judged.entity_id}; {judged.changed} mentions linked")


@monitor.command("reject")
@click.argument("name")
@click.option("--analyst", help="Who judged.")
def reject(name: str, analyst: str | None) -> None:
    """Reject a candidate name (not an actor); it is never proposed again."""
    judged = judging.reject(_repo(), name, analyst=analyst)
    click.echo(f"rejected {name!r}; {judged.changed} mentions set aside")


@monitor.command("watch")
@click.argument("member")
@click.argument("entity")
def watch(member: str, entity: str) -> None:
    """Put ENTITY (an id, a name seen in the news or in the curated table, or `listed` for every
    listed entity) on MEMBER's watchlist; stories already ingested are alerted too."""
    from coalition.monitor.alerts import watch_entity

    entity_id, caption, new = watch_entity(_repo(), member, entity)
    click.echo(f"{member} now watches {caption} ({entity_id}); {new} alerts from stored stories")


@monitor.command("alerts")
@click.option("--member", help="Only this member's alerts.")
@click.option("--json", "as_json", is_flag=True)
def alerts(member: str | None, as_json: bool) -> None:
    """Alerts per member: a watched entity in a story (one per story, however many articles).
    They are kept here until the exchange delivers them as warnings."""
    rows = _repo().alerts(member)
    emit_rows(rows, ["member", "caption", "reason", "story", "articles", "mentions"],
              as_json=want_json(as_json))
