"""Fetching the official lists from their publishers, behind a seam.

`Fetcher` is the I/O boundary: `HttpFetcher` speaks HTTP(S) with a size limit and a timeout;
`MemoryFetcher` serves bytes from a dict for tests. `update_lists` downloads each list in
downloads.yaml into a folder and imports it (an unchanged list is recognised by its hash).
"""

from __future__ import annotations

import functools
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol

import yaml

from coalition.errors import InputError, UsageError
from coalition.sources.pipeline import ImportOutcome, import_path
from coalition.store import Store

MAX_DOWNLOAD = 512 << 20  # 512 MiB: the largest official list is a few dozen MiB
TIMEOUT = 120


class Fetcher(Protocol):
    def fetch(self, url: str, dest: Path) -> None:
        """Write the body at `url` to `dest`, or raise InputError naming the URL."""


class HttpFetcher:
    """HTTP(S) downloads with a timeout and a size limit."""

    def __init__(self, timeout: float = TIMEOUT, max_bytes: int = MAX_DOWNLOAD) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes

    def fetch(self, url: str, dest: Path) -> None:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"only http(s) addresses can be fetched, not {url!r}")
        req = urllib.request.Request(url, headers={"User-Agent": "coalition-lists-update/0.1"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp, dest.open("wb") as out:
                total = 0
                while chunk := resp.read(1 << 16):
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise InputError(f"download is over {self.max_bytes:,} bytes; refused",
                                         where=url)
                    out.write(chunk)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise InputError(f"the server answered {exc.code} {exc.reason}", where=url) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"could not download: {reason}", where=url) from None


class MemoryFetcher:
    """Serves fixed bodies by URL: the in-memory side of the seam."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.bodies = bodies
        self.requested: list[str] = []

    def fetch(self, url: str, dest: Path) -> None:
        self.requested.append(url)
        if url not in self.bodies:
            raise InputError("the server answered 404 Not Found", where=url)
        dest.write_bytes(self.bodies[url])


@functools.cache
def downloads() -> dict[str, dict[str, object]]:
    text = resources.files(__package__).joinpath("downloads.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def download(dataset: str, fetcher: Fetcher, folder: Path, mirror: str | None = None) -> Path:
    """Download one list into `folder/<dataset>` and return the path to import; the old copy
    is replaced only once every file of the list has arrived."""
    try:
        spec = downloads()[dataset]
    except KeyError:
        known = ", ".join(sorted(downloads()))
        raise UsageError(f"no download address for {dataset!r}; known: {known}") from None
    files: dict[str, str] = spec["files"]  # type: ignore[assignment]
    target = folder / dataset
    partial = folder / f".{dataset}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        for name, url in files.items():
            src = f"{mirror.rstrip('/')}/{dataset}/{name}" if mirror else url
            fetcher.fetch(src, partial / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target if spec.get("folder") else target / next(iter(files))


@dataclass
class UpdateResult:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def update_lists(
    store: Store,
    fetcher: Fetcher,
    folder: Path,
    *,
    only: list[str] | None = None,
    mirror: str | None = None,
) -> UpdateResult:
    """Download and import each list (every one that needs no token, or `only` these); a list
    that fails is reported and the others go on."""
    result = UpdateResult()
    names = only or [n for n, s in downloads().items() if not s.get("needs_token")]
    for dataset in names:
        try:
            path = download(dataset, fetcher, folder, mirror)
            fmt = str(downloads()[dataset]["format"])
            result.outcomes.append(import_path(store, path, format=fmt))
        except InputError as exc:
            result.errors.append(exc)
    return result
