from coalition.model import Entity
from coalition.store import DatasetInfo, Store

INFO = DatasetInfo(name="ftm-demo", title="Demo")


def person(pid: str, name: str, dataset: str = "ftm-demo") -> Entity:
    e = Entity("Person", pid, dataset=dataset, reference=f"{dataset}:{pid}")
    e.add("name", name)
    return e


def test_editions_diff_and_idempotence(store: Store) -> None:
    first = store.write_edition(INFO, list_date="2025-01-01", content_hash="a", format="ftm",
                                source=None, entities=[person("p1", "Ann"), person("p2", "Bob")])
    assert not first.unchanged and first.diff and len(first.diff.added) == 2
    again = store.write_edition(INFO, list_date="2025-01-01", content_hash="a", format="ftm",
                                source=None, entities=[person("p1", "Ann")])
    assert again.unchanged
    second = store.write_edition(INFO, list_date="2025-02-01", content_hash="b", format="ftm",
                                 source=None, entities=[person("p1", "Anne"), person("p3", "Cy")])
    d = second.diff
    assert d is not None
    assert [c.entity_id for c in d.added] == ["p3"]
    assert [c.entity_id for c in d.removed] == ["p2"]
    assert [c.entity_id for c in d.changed] == ["p1"]
    current = {e.id: e for e in store.entities()}
    assert set(current) == {"p1", "p3"}
    assert current["p1"].get("name") == ["Anne"]
    full = store.get("ftm-demo:p1")
    assert sorted(full.get("name")) == ["Ann", "Anne"]
    seen = {s.value: (s.first_seen, s.last_seen) for s in full.statements_of("name")}
    assert seen == {"Ann": ("2025-01-01", "2025-01-01"), "Anne": ("2025-02-01", "2025-02-01")}
