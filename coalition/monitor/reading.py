"""Reading monitor inputs from files and URLs: size, binary and encoding checks, kind sniffing.

Every refusal is an InputError naming the file or URL, so a batch reports one message per bad
input and goes on with the rest.
"""

from __future__ import annotations

import codecs
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from coalition.errors import InputError
from coalition.monitor.article import Document
from coalition.sources.fetch import Fetcher
from coalition.sources.xmlsafe import root_tag

MAX_BYTES = 8 << 20  # 8 MiB: a news page or feed is far smaller; anything larger is refused
FEED_ROOTS = {"rss", "feed", "RDF"}
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<article[\s>]|<p[\s>]", re.I)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class NewsFetcher:
    """HTTP(S) for news pages and feeds: a timeout, a size limit, and every connection closed
    (an error response too)."""

    def __init__(self, timeout: float = 30, max_bytes: int = MAX_BYTES) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes

    def fetch(self, url: str, dest: Path) -> None:
        req = urllib.request.Request(url, headers={"User-Agent": "coalition-monitor/0.1"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body = resp.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            with exc:
                raise InputError(f"the server answered {exc.code} {exc.reason}",
                                 where=url) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise InputError(f"could not download: {reason}", where=url) from None
        if len(body) > self.max_bytes:
            raise InputError(f"body is over the {self.max_bytes:,}-byte limit; refused", where=url)
        dest.write_bytes(body)


def default_fetcher() -> Fetcher:
    return NewsFetcher()


def read_bytes(source: str, fetcher: Fetcher | None = None) -> bytes:
    """The raw bytes of a file or URL, refusing missing, empty and oversized inputs."""
    if is_url(source):
        with tempfile.TemporaryDirectory(prefix="coalition-monitor-") as tmp:
            dest = Path(tmp) / "body"
            (fetcher or default_fetcher()).fetch(source, dest)
            raw = dest.read_bytes()
    else:
        path = Path(source)
        if not path.exists():
            raise InputError("no such file", where=source)
        if not path.is_file():
            raise InputError("not a regular file", where=source)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one "
                             "news page or feed; split it", where=source)
        raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise InputError(f"body is over the {MAX_BYTES:,}-byte limit", where=source)
    if not raw.strip():
        raise InputError("empty: no text to read", where=source)
    return raw


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """Text and encoding: a BOM, then UTF-8, then the charset the document declares."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc, errors="strict"), enc.removesuffix("-sig")
    if b"\x00" in raw[:65536]:
        raise InputError("binary data, not a text, HTML or feed document (NUL bytes)",
                         where=source)
    controls = sum(1 for b in raw[:65536] if b < 9 or 13 < b < 32)
    if controls > len(raw[:65536]) // 100 + 2:
        raise InputError(f"binary data, not text ({controls} control bytes in the first 64 KiB)",
                         where=source)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    declared = _CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            codecs.lookup(name)
        except LookupError:
            raise InputError(f"declares the unknown encoding {name!r}", where=source) from None
        try:
            return raw.decode(name), codecs.lookup(name).name
        except UnicodeDecodeError as exc:
            raise InputError(f"is not valid {name} as it declares (byte 0x{raw[exc.start]:02x} "
                             f"at offset {exc.start})", where=source) from None
    line = raw[: error.start].count(b"\n") + 1
    raise InputError(
        f"not UTF-8 (byte 0x{raw[error.start]:02x} on line {line}) and no charset declared; "
        "convert it to UTF-8", where=source)


def sniff(raw: bytes) -> str:
    """`feed`, `html` or `text`, from the first bytes."""
    head = raw[:4096].lstrip()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) or head.startswith(b"<"):
        if root_tag(head) in FEED_ROOTS:
            return "feed"
    if _HTML.search(raw[:8192]):
        return "html"
    return "text"


def read_document(source: str, fetcher: Fetcher | None = None) -> Document:
    """One input, read and decoded, with its kind."""
    raw = read_bytes(source, fetcher)
    kind = sniff(raw)
    text, encoding = decode(raw, source)
    return Document(source=source, kind=kind, text=text, encoding=encoding, raw=raw)
