"""nomenklatura's logic-v2 over the benchmark's entities and queries, for the side-by-side.

Runs in the benchmark-only environment made by setup-nomenklatura.sh (never in the project's):

    benchmarks/.venv-nomenklatura/bin/python logic_v2_worker.py ENTITIES QUERIES OUT WORKDIR

ENTITIES: JSON lines {"id", "schema", "properties"}; QUERIES: JSON lines {"id", "schema",
"name", "birth_date"}. Candidates come from nomenklatura's own blocking index (DuckDB, its
default settings but at most 50 candidates per query, as a screening service would fetch),
every candidate is scored with logic-v2 and the ten best go to OUT as JSON lines
{"id", "results": [[entity id, score], ...], "seconds"}; a last line {"stats": {...}} holds
the index build time, the blocking time and the peak resident memory. Times are wall-clock
("seconds") and CPU time of this process ("cpu"; DuckDB's own threads are pinned with the
process by taskset, so they count too); blocking runs once for all queries and is shared out.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from followthemoney import Dataset, StatementEntity, model
from nomenklatura.blocker.index import Index
from nomenklatura.matching import LogicV2, ScoringConfig

CANDIDATES = 50


class ListView:
    """The little of a nomenklatura View that the blocking index reads."""

    def __init__(self, entities: list[StatementEntity]) -> None:
        self._entities = entities

    def entities(self, include_schemata: object = None,
                 prefetch_nested: bool = False) -> list[StatementEntity]:
        return self._entities

    def __repr__(self) -> str:
        return f"<ListView {len(self._entities)}>"


def main() -> None:
    entities_path, queries_path, out_path, workdir = (Path(a) for a in sys.argv[1:5])
    dataset = Dataset.make({"name": "bench", "title": "bench"})
    entities = []
    with entities_path.open(encoding="utf-8") as fh:
        for line in fh:
            entities.append(StatementEntity.from_data(dataset, json.loads(line)))
    by_id = {e.id: e for e in entities}
    queries = []
    with queries_path.open(encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            schema = q.get("schema") or "LegalEntity"
            props: dict[str, list[str]] = {"name": [q["name"]]}
            if q.get("birth_date") and model.get(schema).get("birthDate"):
                props["birthDate"] = [q["birth_date"]]
            queries.append(StatementEntity.from_data(
                dataset, {"id": q["id"], "schema": schema, "properties": props}))
    config = ScoringConfig.defaults()
    # rigour loads its name data on first use: one comparison before the clock starts
    LogicV2.compare(queries[0], entities[0], config)

    started, cpu = time.perf_counter(), time.process_time()
    index = Index(ListView(entities), workdir, {"max_candidates": CANDIDATES})
    index.build()
    build_s, build_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    candidates = {str(qid): [str(c) for c, _ in found]
                  for qid, found in index.match_entities(queries)}
    blocking_s, blocking_cpu = time.perf_counter() - started, time.process_time() - cpu
    index.close()

    with open(out_path, "w", encoding="utf-8") as out:
        for q in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            scored = []
            for cid in candidates.get(q.id, []):
                entity = by_id.get(cid)
                if entity is not None:
                    scored.append((cid, LogicV2.compare(q, entity, config).score))
            scored.sort(key=lambda s: -s[1])
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0
            out.write(json.dumps({"id": q.id, "results": scored[:10],
                                  "seconds": seconds + blocking_s / len(queries),
                                  "cpu": cpu + blocking_cpu / len(queries)}) + "\n")
        out.write(json.dumps({"stats": {
            "index_build_s": build_s, "index_build_cpu_s": build_cpu, "blocking_s": blocking_s,
            "blocking_cpu_s": blocking_cpu, "queries": len(queries),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }}) + "\n")


if __name__ == "__main__":
    main()
