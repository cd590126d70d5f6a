import json
from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.sources.pipeline import import_path
from coalition.sources.registry import detect
from coalition.store import Store

LINES = [
    {"id": "ex-person-1", "schema": "Person",
     "properties": {"name": ["Abu Example"], "birthDate": ["1970-05-01"],
                    "nationality": ["Syria"], "alias": ["أبو مثال"], "fooProp": ["x"]}},
    {"id": "ex-sanction-1", "schema": "Sanction",
     "properties": {"entity": ["ex-person-1"], "authority": ["Example Authority"]}},
    {"id": "ex-mystery", "schema": "Spaceship", "properties": {"name": ["X"]}},
]


def write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def test_import_reports_unknowns_and_keeps_ids(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path / "example.jsonl", LINES)
    assert detect(path).name == "ftm"
    outcome = import_path(store, path)
    assert outcome.report.dataset == "ftm-example"
    kinds = {(f.kind, f.detail): f.examples for f in outcome.report.findings.values()}
    assert kinds[("unknown-property", "Person.fooProp")] == ["ftm-example:ex-person-1"]
    assert ("unknown-schema", "Spaceship") in kinds
    person = store.get("ftm-example:ex-person-1")
    assert person.id == "ex-person-1"
    assert person.get("nationality") == ["sy"]
    assert import_path(store, path).result.unchanged


def test_bad_json_line_names_the_line_and_stores_nothing(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(LINES[0]) + "\n{not json\n")
    with pytest.raises(InputError, match=r"bad.jsonl:line 2"):
        import_path(store, path, format="ftm")
    assert store.editions() == [] and store.count_statements() == 0
