"""The side-by-side engine: nomenklatura's logic-v2 in its own virtual environment.

`screen(python, records, queries)` writes the records as FollowTheMoney entities and the
queries as JSON lines, runs logic_v2_worker.py under the benchmark-only interpreter (see
setup-nomenklatura.sh) and returns, per query, the results as (id, score, match) and the
seconds it took, in the shape run.metrics reads, plus the worker's own figures.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import querysets as qs

from coalition.screening.records import Record

WORKER = Path(__file__).resolve().parent / "logic_v2_worker.py"
# The threshold yente, the OpenSanctions screening service, uses by default with logic-v2.
THRESHOLD = 0.7


def entity_json(record: Record) -> dict[str, object]:
    """A record as an FtM entity: names, weak aliases, dates of birth, gender."""
    props: dict[str, list[str]] = {"name": list(record.raw_names)}
    if record.raw_weak:
        props["weakAlias"] = list(record.raw_weak)
    if record.birth_dates and record.is_person:
        props["birthDate"] = list(record.birth_dates)
    if record.gender and record.is_person:
        props["gender"] = [record.gender]
    return {"id": record.id, "schema": record.schema.name, "properties": props}


def screen(python: Path, records: list[Record], queries: list[qs.LabelledQuery]
           ) -> tuple[list[tuple[list[tuple[str, float, bool]], float, float]],
                      dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="logic-v2-") as tmp:
        work = Path(tmp)
        with (work / "entities.jsonl").open("w", encoding="utf-8") as fh:
            for r in records:
                if r.raw_names:
                    fh.write(json.dumps(entity_json(r), ensure_ascii=False) + "\n")
        with (work / "queries.jsonl").open("w", encoding="utf-8") as fh:
            for i, lq in enumerate(queries):
                fh.write(json.dumps({"id": f"q{i}", "schema": lq.schema, "name": lq.name,
                                     "birth_date": lq.birth_date}, ensure_ascii=False) + "\n")
        subprocess.run(
            [str(python), str(WORKER), str(work / "entities.jsonl"), str(work / "queries.jsonl"),
             str(work / "out.jsonl"), str(work / "index")],
            check=True, stdout=subprocess.DEVNULL)
        by_id: dict[str, tuple[list[tuple[str, float, bool]], float, float]] = {}
        stats: dict[str, float] = {}
        with (work / "out.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if "stats" in row:
                    stats = row["stats"]
                    continue
                by_id[row["id"]] = ([(rid, score, score >= THRESHOLD)
                                     for rid, score in row["results"]], row["seconds"],
                                    row["cpu"])
    return [by_id[f"q{i}"] for i in range(len(queries))], stats
