"""Entity resolution on the real lists: merge precision and recall on pairs of known truth,
and the time of a full run and of linking one new edition on import.

Truth, per source (each judges only pairs of records of different lists that both carry it):
- `un-reference`: the UN Security Council reference a record carries (the UN's own, the UK
  list's "UN Ref"; the EU export here has none and AU writes them only in free-text notes,
  about other entities as often as its own, so neither is used): the same reference = the
  same entity, two different references = two entities;
- `passport` / `imo`: the same passport number of one issuing country, or the same IMO
  number = the same; both with passports of one country but none in common, or different
  IMO numbers = different;
- `birth-date`: contradicting birth dates (two years apart or more, or two different full
  dates) = different (it knows no "same").

Precision of a source = of the pairs it judges inside one cluster, the share it calls the
same; recall = of the pairs it calls the same, the share inside one cluster. The `held out`
rows count only the links that some other method found too (their basis names another
method), so a source is not graded on links it made itself. Overall precision counts a pair
wrong when any source calls it different.

    .venv/bin/python benchmarks/resolve.py                  # copy of $COALITION_HOME_ALL
    .venv/bin/python benchmarks/resolve.py --skip-full --skip-import
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coalition.ledger.clusters import Clusters  # noqa: E402
from coalition.ledger.links import Judgement, Resolution  # noqa: E402
from coalition.ledger.resolve import resolve, resolve_cache  # noqa: E402
from coalition.ledger.resolve_facts import (  # noqa: E402
    Facts,
    birth_dates_conflict,
    load_facts,
    passports_conflict,
)
from coalition.ledger.resolve_keys import un_reference  # noqa: E402
from coalition.store import Store  # noqa: E402
from coalition.store import tables as st  # noqa: E402

DATASETS = Path(os.environ.get("COALITION_DATASETS", ROOT.parent / "shared" / "datasets"))
LISTS = DATASETS / "lists"
OTHERS = ["us-ofac/sdn_2019-01-15", "us-ofac/sdn_2021-07-07", "us-ofac/sdn_2024-05-03.csv",
          "us-ofac/cons_2025-12-19", "us-ofac/consolidated_2025-03-28.xml",
          "gb-ofsi/ConList_2025-04-10.xlsx", "eu/eu_sanctions_2025-04.json",
          "au-dfat/regulation8_consolidated.xlsx", "ca-sema/sema-lmes.xml",
          "ru-rfm/RFM_terrorists_utf8.csv", "ru-rfm/RFM_terrorists_cp1251.csv"]
UN = ["un/UN_2025-04-19.xml", "un/UN_consolidated_2026-02-27.xml"]
SOURCES = ("un-reference", "passport", "imo", "birth-date")


def un_references(store: Store) -> dict[str, set[str]]:
    c = st.statements.c
    latest = [ed.id for ed in store.latest_editions().values()]
    targets: dict[str, list[str]] = {}
    refs: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for sid, prop, value in conn.execute(sa.select(c.entity_id, c.prop, c.value).where(
                c.schema == "Sanction", c.prop.in_(("entity", "unscId")),
                c.last_edition.in_(latest))):
            (targets if prop == "entity" else refs).setdefault(sid, []).append(value)
    out: dict[str, set[str]] = {}
    for sid, values in refs.items():
        for v in values:
            if (ref := un_reference(v)) is not None:
                for eid in targets.get(sid, []):
                    out.setdefault(eid, set()).add(ref)
    return out


def verdict(source: str, a: str, b: str, refs: dict[str, set[str]],
            facts: dict[str, Facts]) -> bool | None:
    """True (the same), False (different) or None (the source does not know)."""
    if source == "un-reference":
        ra, rb = refs.get(a), refs.get(b)
        return None if not ra or not rb else bool(ra & rb)
    fa, fb = facts.get(a), facts.get(b)
    if fa is None or fb is None:
        return None
    if source == "passport":
        countries = {c for c, _ in fa.passports} & {c for c, _ in fb.passports}
        if not countries:
            return None
        return bool(fa.passports & fb.passports) or passports_conflict(
            fa.passports, fb.passports) is None
    if source == "imo":
        return None if not fa.imo or not fb.imo else bool(fa.imo & fb.imo)
    return False if birth_dates_conflict(fa.birth_dates, fb.birth_dates) else None


def truth_pairs(source: str, refs: dict[str, set[str]], facts: dict[str, Facts],
                dataset_of: dict[str, str]) -> set[tuple[str, str]]:
    """The pairs of records of different lists a source calls the same."""
    keyed: dict[object, set[str]] = {}
    if source == "un-reference":
        for eid, rs in refs.items():
            for r in rs:
                keyed.setdefault(r, set()).add(eid)
    elif source == "passport":
        for eid, f in facts.items():
            for p in f.passports:
                keyed.setdefault(p, set()).add(eid)
    elif source == "imo":
        for eid, f in facts.items():
            for n in f.imo:
                keyed.setdefault(n, set()).add(eid)
    out = set()
    for ids in keyed.values():
        for a, b in itertools.combinations(sorted(ids), 2):
            if a in dataset_of and b in dataset_of and dataset_of[a] != dataset_of[b]:
                out.add((a, b))
    return out


def measure(title: str, links: Iterable[Judgement], refs: dict[str, set[str]],
            facts: dict[str, Facts], dataset_of: dict[str, str],
            truth: dict[str, set[tuple[str, str]]]) -> None:
    clusters = Clusters(list(links))
    pairs = set()
    for members in clusters._members.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if dataset_of.get(a) != dataset_of.get(b):
                pairs.add((a, b))
    print(f"\n{title}: {len(clusters.sizes()):,} clusters, {len(pairs):,} pairs of records "
          "of different lists in them")
    print("| truth | pairs judged | same | different | precision | recall (of known same) |")
    print("|---|---:|---:|---:|---:|---:|")
    wrong_any: set[tuple[str, str]] = set()
    right_any: set[tuple[str, str]] = set()
    for source in SOURCES:
        same = diff = 0
        for a, b in pairs:
            v = verdict(source, a, b, refs, facts)
            if v is True:
                same += 1
                right_any.add((a, b))
            elif v is False:
                diff += 1
                wrong_any.add((a, b))
        known = truth.get(source, set())
        found = sum(1 for a, b in known if clusters.of(a) == clusters.of(b)
                    and a in clusters.parent)
        precision = f"{same / (same + diff):.4f}" if same + diff else "-"
        recall = f"{found / len(known):.4f} ({found:,}/{len(known):,})" if known else "-"
        print(f"| {source} | {same + diff:,} | {same:,} | {diff:,} | {precision} | {recall} |")
    judged = right_any | wrong_any
    ok = len(judged - wrong_any)
    print(f"| any (wrong if any says different) | {len(judged):,} | {ok:,} | "
          f"{len(wrong_any):,} | {ok / len(judged):.4f} | |" if judged else "")
    for a, b in sorted(wrong_any)[:8]:
        print(f"  known different in one cluster: {a} ~ {b}")


def precision(store: Store) -> None:
    links = [j for j in Resolution(store.engine).current().values()]
    refs = un_references(store)
    facts = load_facts(store.engine)
    latest = [ed.id for ed in store.latest_editions().values()]
    c = st.edition_entities.c
    with store.engine.connect() as conn:
        dataset_of = {r[0]: r[1] for r in conn.execute(
            sa.select(c.entity_id, st.editions.c.dataset).join(
                st.editions, st.editions.c.id == c.edition_id).where(c.edition_id.in_(latest)))}
    truth = {s: truth_pairs(s, refs, facts, dataset_of) for s in ("un-reference", "passport",
                                                                     "imo")}
    measure("All links", links, refs, facts, dataset_of, truth)
    for source, words in (("un-reference", ("UN reference",)),
                          ("passport", ("passport number",)), ("imo", ("IMO",))):
        kept = [j for j in links if j.verdict != "same" or any(
            not part.startswith(words) for part in j.basis.split("; "))]
        measure(f"Held out for {source} (links some other method found too)", kept, refs,
                facts, dataset_of, truth)


def full_run(home: Path) -> None:
    store = Store(f"sqlite:///{home / 'coalition.db'}")
    with store.engine.begin() as conn:
        conn.execute(sa.text("delete from ledger_links"))
    shutil.rmtree(home / "resolve", ignore_errors=True)
    started = time.perf_counter()
    report = resolve(store, cache=resolve_cache(home / "keys"))
    print(f"full run: {time.perf_counter() - started:.1f} s, {report.to_dict()}")
    precision(store)


def import_run(home: Path) -> None:
    """Every list file imported into a fresh home in turn, each new edition linked on import;
    the UN's two editions last (all other lists loaded)."""
    from coalition.sources.pipeline import import_path

    home.mkdir(parents=True)
    store = Store(f"sqlite:///{home / 'coalition.db'}")
    for rel in OTHERS + UN:
        started = time.perf_counter()
        outcome = import_path(store, LISTS / rel, ledger_keys=home / "keys")
        took = time.perf_counter() - started
        ed, linked = outcome.result.edition, outcome.linked
        print(f"import {rel}: {took:.1f} s, +{ed.added} ~{ed.changed} -{ed.removed}"
              + (f"; linking {sum(linked.seconds.values()):.1f} s of it, {linked.records:,} "
                 f"records re-linked, {linked.recorded:,} links recorded, "
                 f"{linked.conflicting} held back for contradictions, phases {linked.seconds}"
                 if linked else "; nothing to link"), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", type=Path, default=Path(os.environ.get(
        "COALITION_HOME_ALL", "/work/home-all")), help="a store with all lists imported "
        "(copied; never written)")
    ap.add_argument("--skip-full", action="store_true")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--measure-only", action="store_true",
                    help="precision of the links already in --home (read only)")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    if args.measure_only:
        precision(Store(f"sqlite:///{args.home / 'coalition.db'}"))
        return
    with tempfile.TemporaryDirectory(prefix="resolve-bench-") as tmp:
        if not args.skip_full:
            home = Path(tmp) / "all"
            shutil.copytree(args.home, home)
            full_run(home)
        if not args.skip_import:
            if not LISTS.is_dir():
                raise SystemExit(f"no lists at {LISTS}: set COALITION_DATASETS")
            import_run(Path(tmp) / "fresh")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
