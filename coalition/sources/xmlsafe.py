"""Hardened XML reading: no DTDs, no entity expansion, no network, bounded node sizes.

Official lists never carry a DOCTYPE, so any file that declares one is refused before the
parser sees it (the defence against billion-laughs and external-entity attacks that
defusedxml calls `forbid_dtd`). lxml is then run with entity resolution, DTD loading and
network access off, and without `huge_tree`, so a single enormous text node is refused too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from coalition.errors import HostileInputError, InputError

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
CHUNK = 1 << 20


def check_no_dtd(path: Path) -> None:
    """Refuse a file that declares a DTD or entities anywhere in it."""
    tail = b""
    with path.open("rb") as fh:
        offset = 0
        while chunk := fh.read(CHUNK):
            m = _DTD.search(tail + chunk)
            if m:
                raise HostileInputError(
                    f"refused: the XML declares <!{m.group(1).decode()}> (DTDs and entity "
                    "declarations are not accepted; official lists never use them)",
                    where=f"{path}:byte {offset - len(tail) + m.start()}",
                )
            tail = chunk[-16:]
            offset += len(chunk)


def _parser_kwargs() -> dict[str, object]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_blank_text": True,
    }


def iter_elements(path: Path, tags: set[str]) -> Iterator[etree._Element]:
    """Yield each finished element whose local name is in `tags`, freeing memory as it goes."""
    check_no_dtd(path)
    try:
        # the file is opened here so that it is closed even when the caller stops early
        with path.open("rb") as fh:
            for _, elem in etree.iterparse(fh, events=("end",), **_parser_kwargs()):
                if not isinstance(elem.tag, str):
                    continue
                if etree.QName(elem).localname in tags:
                    yield elem
                    elem.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc.msg}", where=f"{path}:line {exc.lineno}") from None


def parse_tree(path: Path) -> etree._ElementTree:
    """The whole document, parsed with the same hardening."""
    check_no_dtd(path)
    parser = etree.XMLParser(**_parser_kwargs())  # type: ignore[arg-type]
    try:
        return etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc.msg}", where=f"{path}:line {exc.lineno}") from None


def local(elem: etree._Element) -> str:
    return etree.QName(elem).localname


def text_of(elem: etree._Element | None, path: str | None = None) -> str | None:
    """Stripped text of `elem` (or of its child at `path`), None when empty."""
    if elem is None:
        return None
    if path is not None:
        elem = elem.find(path)
        if elem is None:
            return None
    text = (elem.text or "").strip()
    return text or None


def root_tag(head: bytes) -> str | None:
    """The local name of the root element, from the first bytes of a file."""
    m = re.search(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]",
                  re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.S))
    return m.group(2).decode() if m else None
