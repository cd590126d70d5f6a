"""`lists update` against a real HTTP server on loopback, and the in-memory seam."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.sources.fetch import HttpFetcher, MemoryFetcher, download, downloads, update_lists
from coalition.store import Store

PERSON = {"id": "ex-1", "schema": "Person", "properties": {"name": ["Abu Example"]}}




def test_every_download_names_a_known_format() -> None:
    from coalition.sources.registry import formats

    for dataset, spec in downloads().items():
        assert spec["files"], dataset
        assert str(spec["format"]) in formats() or dataset not in {
            f.dataset for f in formats().values()}, dataset


def test_http_fetch_from_a_local_server(tmp_path: Path, server: tuple[str, Path]) -> None:
    base, root = server
    (root / "a.txt").write_bytes(b"hello")
    HttpFetcher(timeout=5).fetch(f"{base}/a.txt", tmp_path / "a.txt")
    assert (tmp_path / "a.txt").read_bytes() == b"hello"
    with pytest.raises(InputError, match=r"404.*|.*404"):
        HttpFetcher(timeout=5).fetch(f"{base}/missing.txt", tmp_path / "b.txt")


def test_http_fetch_refuses_oversized_bodies(tmp_path: Path, server: tuple[str, Path]) -> None:
    base, root = server
    (root / "big.bin").write_bytes(b"x" * 10_000)
    with pytest.raises(InputError, match="over 1,000 bytes"):
        HttpFetcher(timeout=5, max_bytes=1_000).fetch(f"{base}/big.bin", tmp_path / "big.bin")


def test_update_imports_from_a_mirror(tmp_path: Path, server: tuple[str, Path],
                                      sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    base, root = server
    table = {"ftm-mirror": {"format": "ftm", "files": {"ftm-mirror.jsonl": "https://x.invalid/"}}}
    monkeypatch.setattr("coalition.sources.fetch.downloads", lambda: table)
    (root / "ftm-mirror").mkdir()
    (root / "ftm-mirror" / "ftm-mirror.jsonl").write_text(json.dumps(PERSON) + "\n")
    result = update_lists(sqlite_store, HttpFetcher(timeout=5), tmp_path / "dl", mirror=base)
    assert not result.errors
    (outcome,) = result.outcomes
    assert outcome.report.records == 1 and not outcome.result.unchanged
    again = update_lists(sqlite_store, HttpFetcher(timeout=5), tmp_path / "dl", mirror=base)
    assert again.outcomes[0].result.unchanged


def test_failed_download_keeps_the_previous_copy(tmp_path: Path) -> None:
    spec = downloads()["un-sc"]
    url = next(iter(spec["files"].values()))  # type: ignore[union-attr]
    fetcher = MemoryFetcher({url: b"<CONSOLIDATED_LIST/>"})
    path = download("un-sc", fetcher, tmp_path)
    assert path.read_bytes() == b"<CONSOLIDATED_LIST/>"
    with pytest.raises(InputError, match="404"):
        download("un-sc", MemoryFetcher({}), tmp_path)
    assert path.read_bytes() == b"<CONSOLIDATED_LIST/>"
    assert fetcher.requested == [url]
