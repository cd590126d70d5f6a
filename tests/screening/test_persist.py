"""The saved screening index: read back instead of rebuilt, never stale, never trusted blindly."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from screening_entities import person

from coalition.model import Entity
from coalition.screening import Query, Screener
from coalition.store import DatasetInfo, Store


def fill(store: Store, entities: list[Entity], content_hash: str = "h1") -> None:
    store.write_edition(DatasetInfo("ftm-test", "Test list"), list_date="2026-01-01",
                        content_hash=content_hash, format="ftm", source=None, entities=entities)


def answers(screener: Screener, name: str) -> list[tuple[str, float, bool]]:
    return [(r.id, r.score, r.match) for r in screener.match(Query.build(name), limit=5)]


def built_from_entities(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = Screener.from_entities.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Screener], *args: object, **kwargs: object) -> Screener:
        calls.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Screener, "from_entities", classmethod(counting))
    return calls


@pytest.mark.parametrize("name", ["Ayman al-Zawahiri", "أيمن الظواهري", "JSCARGUMENT",
                                  "Aiman Zawahry"])
def test_a_saved_index_answers_as_the_built_one(sqlite_store: Store, listed: list[Entity],
                                                tmp_path: Path, name: str) -> None:
    fill(sqlite_store, listed)
    built = Screener.from_store(sqlite_store, cache=tmp_path)
    loaded = Screener.from_store(sqlite_store, cache=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1
    assert answers(loaded, name) == answers(built, name)
    assert answers(loaded, name)[0][2]


def test_the_second_call_reads_instead_of_building(sqlite_store: Store, listed: list[Entity],
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fill(sqlite_store, listed)
    calls = built_from_entities(monkeypatch)
    Screener.from_store(sqlite_store, cache=tmp_path)
    Screener.from_store(sqlite_store, cache=tmp_path)
    assert len(calls) == 1


def test_a_new_edition_replaces_the_saved_index(sqlite_store: Store, listed: list[Entity],
                                                tmp_path: Path) -> None:
    fill(sqlite_store, listed[:3])
    before = Screener.from_store(sqlite_store, cache=tmp_path)
    assert answers(before, "Ocean Blue Shipping") == [] or \
        answers(before, "Ocean Blue Shipping")[0][0] != "o-shp"
    fill(sqlite_store, listed, content_hash="h2")
    after = Screener.from_store(sqlite_store, cache=tmp_path)
    assert answers(after, "Ocean Blue Shipping")[0][0] == "o-shp"
    assert len(list(tmp_path.glob("all.*.npz"))) == 1


def test_one_list_has_its_own_index(sqlite_store: Store, listed: list[Entity],
                                    tmp_path: Path) -> None:
    fill(sqlite_store, listed)
    one = Screener.from_store(sqlite_store, "ftm-test", cache=tmp_path)
    every = Screener.from_store(sqlite_store, cache=tmp_path)
    assert len(one) == len(every) == len(listed)
    assert {p.name.split(".")[0] for p in tmp_path.glob("*.npz")} == {"ftm-test", "all"}


@pytest.mark.parametrize("damage", [b"", b"not a zip file", b"PK\x03\x04garbage"])
def test_an_unreadable_file_is_rebuilt(sqlite_store: Store, listed: list[Entity],
                                       tmp_path: Path, damage: bytes) -> None:
    fill(sqlite_store, listed)
    good = answers(Screener.from_store(sqlite_store, cache=tmp_path), "Ayman al-Zawahiri")
    (path,) = tmp_path.glob("*.npz")
    path.write_bytes(damage)
    again = Screener.from_store(sqlite_store, cache=tmp_path)
    assert answers(again, "Ayman al-Zawahiri") == good
    assert path.stat().st_size > 100


def test_an_empty_store_saves_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    assert len(Screener.from_store(sqlite_store, cache=tmp_path)) == 0
    assert not list(tmp_path.glob("*"))


WORD = st.text(alphabet="abdefhiklmnorstuyz", min_size=3, max_size=9)
NAMES = st.lists(st.lists(WORD, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3)


@settings(max_examples=25, deadline=None)
@given(entities=st.lists(NAMES, min_size=1, max_size=10), pick=st.integers(0, 100))
def test_saved_and_built_indexes_agree_on_any_list(entities: list[list[str]], pick: int) -> None:
    listed = [person(f"p-{i}", *names) for i, names in enumerate(entities)]
    store = Store("sqlite://")
    fill(store, listed)
    with tempfile.TemporaryDirectory() as tmp:
        built = Screener.from_store(store, cache=Path(tmp))
        loaded = Screener.from_store(store, cache=Path(tmp))
        for name in listed[pick % len(listed)].names:
            assert answers(loaded, name) == answers(built, name)


def test_the_index_is_named_by_content_not_by_where_the_store_lives(
        listed: list[Entity], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = Store(f"sqlite:///{tmp_path / 'here.db'}")
    fill(here, listed)
    Screener.from_store(here, cache=tmp_path / "index")
    here.close()
    (tmp_path / "moved").mkdir()
    (tmp_path / "here.db").rename(tmp_path / "moved" / "there.db")
    there = Store(f"sqlite:///{tmp_path / 'moved' / 'there.db'}")
    calls = built_from_entities(monkeypatch)
    moved = Screener.from_store(there, cache=tmp_path / "index")
    assert calls == [] and answers(moved, "Ayman al-Zawahiri")[0][0] == "p-zaw"
    there.close()


def test_a_merged_index_is_saved_with_its_lists_and_read_back(
        sqlite_store: Store, listed: list[Entity], tmp_path: Path) -> None:
    twin = person("p-zaw-2", "AL-ZAWAHIRI, Ayman", dataset="ftm-other", birthDate="1951-06-19")
    fill(sqlite_store, listed)
    sqlite_store.write_edition(DatasetInfo("ftm-other", "Other list"), list_date="2026-01-01",
                               content_hash="o1", format="ftm", source=None, entities=[twin])
    mapping = {"p-zaw": "p-zaw", "p-zaw-2": "p-zaw"}
    built = Screener.from_store(sqlite_store, cache=tmp_path, entity_ids=mapping)
    loaded = Screener.from_store(sqlite_store, cache=tmp_path, entity_ids=mapping)
    unmerged = Screener.from_store(sqlite_store, cache=tmp_path)
    assert len(built) == len(loaded) == len(unmerged) - 1
    assert len(list(tmp_path.glob("all.*.npz"))) == 1  # one mapping at a time is kept
    query = Query.build("Ayman al-Zawahiri", birth_date="1951-06-19")
    (top_built, top_loaded) = (s.match(query, limit=1)[0] for s in (built, loaded))
    assert top_loaded.to_dict() == top_built.to_dict()
    assert top_loaded.referents == ["ftm-other:p-zaw-2", "ftm-test:p-zaw"]
    assert "[ftm-other, ftm-test]" in top_loaded.explanations["dob_match"]["detail"]
