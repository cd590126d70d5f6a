"""News monitor benchmark: articles/s end to end on one core (with and without NER) and
entity-linking precision/recall on labelled texts (monitor_labels.yaml).

    .venv/bin/python benchmarks/monitor.py [--rounds 8]

Throughput: the seed texts are copied ROUNDS times into a temporary folder, each copy with a
mark of its own on every body line (so every article is analysed and stored; copies merge into
stories), then ingested into an in-memory store; the time covers reading, cleaning, splitting,
language, NER, linking, events, storage and alerts.
Model loading is excluded (done once before timing).
Linking is scored per text: the set of curated entities linked vs the labelled set; alerts
(written texts) likewise: the entities whose mentions would alert a watching member.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import yaml  # noqa: E402

from coalition.monitor import Monitor, ner  # noqa: E402
from coalition.monitor.alerts import present, watch_entity  # noqa: E402
from coalition.monitor.article import Article  # noqa: E402
from coalition.monitor.linking import EntityIndex  # noqa: E402
from coalition.monitor.textclean import split_articles  # noqa: E402
from coalition.settings import find_datasets  # noqa: E402
from coalition.store import Store  # noqa: E402

LABELS = Path(__file__).with_name("monitor_labels.yaml")


def throughput(seeds: Path, rounds: int, nlp: bool) -> tuple[int, float, float]:
    """Articles ingested, wall-clock seconds and CPU seconds of the process."""
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for f in sorted(seeds.glob("*.txt")):
                lines = f.read_text("utf-8").splitlines()
                # every body line of every article gets a mark of its copy: each article is new
                # (analysed and stored) and each copy a near-duplicate of the first (merged)
                text = "\n".join(f"{x} [{r}]" if x.rstrip().endswith(".") else x for x in lines)
                (Path(tmp) / f"{r:03d}_{f.name}").write_text(text)
        store = Store("sqlite://")
        monitor = Monitor(store, nlp=nlp, index=EntityIndex(()))
        watch_entity(monitor.repo, "ministry-a", "ISIL")
        started, cpu = time.perf_counter(), time.process_time()
        report = monitor.ingest([tmp])
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
        assert not report.problems, report.problems
        return report.articles, elapsed, cpu


def full_pipeline(seeds: Path, rounds: int) -> tuple[int, float, float]:
    """For comparison: spaCy's whole English pipeline (tok2vec, tagger, parser, attribute
    ruler, NER) over the same articles, nothing else; articles, wall-clock and CPU seconds."""
    import spacy

    texts = [a.full_text for f in sorted(seeds.glob("*.txt"))
             for a in split_articles(f.read_text("utf-8"), f.name)] * rounds
    nlp = spacy.load(ner.ENGLISH_MODEL, exclude=["lemmatizer"])
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts), time.perf_counter() - started, time.process_time() - cpu


def score(predicted: set[str], gold: set[str], acc: list[int]) -> None:
    acc[0] += len(predicted & gold)
    acc[1] += len(predicted - gold)
    acc[2] += len(gold - predicted)


def found(monitor: Monitor, articles: list[Article]) -> tuple[set[str], set[str]]:
    """Entities linked in the articles, and those that would alert a member watching them."""
    rows: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for item in monitor.analyse(articles, {}):
        for m in item.mentions:
            if m.entity_id:
                rows[m.entity_id].append((m.strong, m.name_key))
    return set(rows), {e for e, r in rows.items() if present(r)}


def linking(seeds: Path | None) -> dict[str, tuple[float, float, int, int, int]]:
    labels = yaml.safe_load(LABELS.read_text("utf-8"))
    store = Store("sqlite://")
    monitor = Monitor(store, index=EntityIndex(()))
    out = {}
    if seeds is not None:
        acc = [0, 0, 0]
        for name, gold in labels["seeds"].items():
            arts = split_articles((seeds / name).read_text("utf-8"), name)
            score(found(monitor, arts)[0], set(gold), acc)
        out["linking, seeds"] = _prf(acc)
    acc, alerts = [0, 0, 0], [0, 0, 0]
    for item in labels["written"]:
        arts = split_articles(item["text"], "written")
        linked, alerting = found(monitor, arts)
        score(linked, set(item["entities"]), acc)
        score(alerting, set(item["alerts"]), alerts)
        wrong = sorted((linked - set(item["entities"])) | (alerting - set(item["alerts"])))
        missed = sorted((set(item["entities"]) - linked) | (set(item["alerts"]) - alerting))
        if wrong or missed:
            print(f"  {arts[0].title!r}: wrong {wrong}, missed {missed}")
    out["linking, written"] = _prf(acc)
    out["alerts, written"] = _prf(alerts)
    store.close()
    return out


def _prf(acc: list[int]) -> tuple[float, float, int, int, int]:
    tp, fp, fn = acc
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--linking-only", action="store_true", help="Skip the throughput runs.")
    args = parser.parse_args()
    datasets = find_datasets()
    seeds = datasets / "news" / "seeds" if datasets else None
    if seeds is None or not seeds.is_dir():
        raise SystemExit("../shared/datasets/news/seeds is absent; set COALITION_DATASETS")
    ner.english()
    throughput(seeds, 1, True)  # warm-up: model loads, caches
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    runs = {"with NER + events": lambda: throughput(seeds, args.rounds, True),
            "without NER (gazetteer only)": lambda: throughput(seeds, args.rounds, False),
            "spaCy's whole pipeline alone, same articles": lambda: full_pipeline(
                seeds, args.rounds)}
    for label, run in ({} if args.linking_only else runs).items():
        n, secs, cpu = run()
        print(f"{label}: {n} articles in {secs:.2f} s = {n / secs:.1f} articles/s wall-clock; "
              f"{cpu:.2f} CPU s = {n / cpu:.1f} articles per CPU second")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    for name, (p, r, tp, fp, fn) in linking(seeds).items():
        print(f"{name}: precision {p:.3f} recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})")


if __name__ == "__main__":
    main()
