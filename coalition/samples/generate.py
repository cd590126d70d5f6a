"""The generator of the bundled sample lists: fictional records written in the official layouts.

The records live in three YAML files beside this module (un_source.yaml, ofac_source.yaml,
queries_source.yaml); this module writes them out byte for byte as the publishers lay out
their files: the UN Security Council Consolidated List XML (element order, two-space indent,
empty elements for missing parts) and the OFAC SDN CSV set (no header, every text quoted,
`-0- ` for null, CRLF, a closing Ctrl-Z, remarks past 1000 characters continued in
sdn_comments.csv). The output depends on the YAML files only, so it is deterministic:

    python -m coalition.samples.generate           # rewrite the files beside this module
    python -m coalition.samples.generate --check   # exit 1 when a file is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

from coalition.errors import InputError

HERE = Path(__file__).resolve().parent
UN_FILE = "un_sample.xml"
OFAC_DIR = "ofac_sample"
QUERIES_FILE = "queries.csv"
EXPECTED_FILE = "queries_expected.csv"
QUERY_COLUMNS = ("id", "name", "schema", "birth_date", "nationality")

OFAC_NULL = "-0- "
OFAC_REMARKS_MAX = 1000  # the publisher cuts Remarks here and continues in sdn_comments.csv
OFAC_EOF = "\x1a"  # sdn.csv, alt.csv and add.csv end with a Ctrl-Z after the last CRLF
XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    "<!-- Fictional sample data written for the coalition project: not a real list. -->\n"
)
XML_ROOT = (
    '<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="https://www.un.org/sc/resources/sc-sanctions.xsd" '
    'dateGenerated="{date}">'
)

# Child element order as the publisher writes it, with the YAML key for each.
ALIAS_FIELDS = (("QUALITY", "quality"), ("ALIAS_NAME", "name"), ("DATE_OF_BIRTH", "dob"),
                ("CITY_OF_BIRTH", "city_of_birth"), ("COUNTRY_OF_BIRTH", "country_of_birth"),
                ("NOTE", "note"))
ADDRESS_FIELDS = (("STREET", "street"), ("CITY", "city"), ("STATE_PROVINCE", "state"),
                  ("ZIP_CODE", "zip"), ("COUNTRY", "country"), ("NOTE", "note"))
DOB_FIELDS = (("TYPE_OF_DATE", "type"), ("FROM_YEAR", "from_year"), ("DATE", "date"),
              ("TO_YEAR", "to_year"), ("YEAR", "year"), ("NOTE", "note"))
POB_FIELDS = (("STREET", "street"), ("CITY", "city"), ("STATE_PROVINCE", "state"),
              ("COUNTRY", "country"), ("NOTE", "note"))
DOCUMENT_FIELDS = (("TYPE_OF_DOCUMENT", "type"), ("TYPE_OF_DOCUMENT2", "type2"),
                   ("NUMBER", "number"), ("ISSUING_COUNTRY", "issuing_country"),
                   ("DATE_OF_ISSUE", "issued"), ("CITY_OF_ISSUE", "city_of_issue"),
                   ("COUNTRY_OF_ISSUE", "country_of_issue"), ("NOTE", "note"))
INDIVIDUAL_KEYS = {"ref", "dataid", "names", "list_type", "listed_on", "gender", "original",
                   "comments", "title", "designation", "nationality", "updated", "aliases",
                   "addresses", "dobs", "pobs", "documents"}
ENTITY_KEYS = {"ref", "dataid", "name", "list_type", "listed_on", "original", "comments",
               "updated", "aliases", "addresses"}
OFAC_KEYS = {"ent_num", "name", "type", "program", "title", "call_sign", "vessel_type",
             "tonnage", "grt", "flag", "owner", "remarks", "alts", "addresses"}
QUERY_KEYS = {"id", "name", "schema", "birth_date", "nationality", "expected", "case"}


def load(name: str, folder: Path = HERE) -> dict[str, Any]:
    """One of the YAML source files."""
    with (folder / name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise InputError("expected a mapping at the top", where=str(folder / name))
    return data


def check_keys(record: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    unknown = set(record) - set(allowed)
    if unknown:
        raise InputError(f"unknown keys {sorted(unknown)}; known: {sorted(allowed)}", where=where)


def text(value: Any) -> str | None:
    """A YAML value as element text (None for a missing or empty one)."""
    if value is None:
        return None
    out = str(value).strip()
    return out or None


class XmlWriter:
    """Writes elements with the publisher's indentation: two spaces a level, `<X/>` if empty."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def leaf(self, depth: int, tag: str, value: Any) -> None:
        content = text(value)
        pad = "  " * depth
        if content is None:
            self.lines.append(f"{pad}<{tag}/>")
        else:
            self.lines.append(f"{pad}<{tag}>{escape(content)}</{tag}>")

    def open(self, depth: int, tag: str) -> None:
        self.lines.append(f"{'  ' * depth}<{tag}>")

    def close(self, depth: int, tag: str) -> None:
        self.lines.append(f"{'  ' * depth}</{tag}>")

    def values(self, depth: int, tag: str, items: Sequence[Any] | None) -> None:
        """A multi-valued element (NATIONALITY, TITLE, …) with one VALUE per item."""
        if not items:
            return
        self.open(depth, tag)
        for item in items:
            self.leaf(depth + 1, "VALUE", item)
        self.close(depth, tag)

    def group(self, depth: int, tag: str, item: Mapping[str, Any],
              fields: Sequence[tuple[str, str]], empty: Sequence[str], where: str) -> None:
        """A compound element (alias, address, …); `empty` are the children of an empty one."""
        check_keys(item, [key for _, key in fields], f"{where} {tag}")
        present = [(child, item[key]) for child, key in fields if text(item.get(key))]
        if not present and not empty:
            self.leaf(depth, tag, None)
            return
        self.open(depth, tag)
        for child, value in present or [(name, None) for name in empty]:
            self.leaf(depth + 1, child, value)
        self.close(depth, tag)

    def groups(self, depth: int, tag: str, items: Sequence[Mapping[str, Any]] | None,
               fields: Sequence[tuple[str, str]], empty: Sequence[str], where: str) -> None:
        for item in items or [{}]:
            self.group(depth, tag, item, fields, empty, where)


def write_individual(w: XmlWriter, rec: Mapping[str, Any]) -> None:
    where = f"un_source.yaml record {rec.get('ref')}"
    check_keys(rec, INDIVIDUAL_KEYS, where)
    names = list(rec["names"])
    if not 1 <= len(names) <= 4:
        raise InputError(f"1 to 4 names expected, got {names}", where=where)
    w.open(2, "INDIVIDUAL")
    w.leaf(3, "DATAID", rec["dataid"])
    w.leaf(3, "VERSIONNUM", 1)
    for tag, name in zip(("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"), names):
        w.leaf(3, tag, name)
    w.leaf(3, "UN_LIST_TYPE", rec["list_type"])
    w.leaf(3, "REFERENCE_NUMBER", rec["ref"])
    w.leaf(3, "LISTED_ON", rec["listed_on"])
    if rec.get("gender"):
        w.leaf(3, "GENDER", rec["gender"])
    if rec.get("original"):
        w.leaf(3, "NAME_ORIGINAL_SCRIPT", rec["original"])
    w.leaf(3, "COMMENTS1", rec.get("comments"))
    w.values(3, "TITLE", rec.get("title"))
    w.values(3, "DESIGNATION", rec.get("designation"))
    w.values(3, "NATIONALITY", rec.get("nationality"))
    w.values(3, "LIST_TYPE", ["UN List"])
    w.values(3, "LAST_DAY_UPDATED", rec.get("updated"))
    w.groups(3, "INDIVIDUAL_ALIAS", rec.get("aliases"), ALIAS_FIELDS,
             ("QUALITY", "ALIAS_NAME"), where)
    w.groups(3, "INDIVIDUAL_ADDRESS", rec.get("addresses"), ADDRESS_FIELDS,
             ("COUNTRY",), where)
    w.groups(3, "INDIVIDUAL_DATE_OF_BIRTH", rec.get("dobs"), DOB_FIELDS, ("TYPE_OF_DATE",), where)
    w.groups(3, "INDIVIDUAL_PLACE_OF_BIRTH", rec.get("pobs"), POB_FIELDS, ("COUNTRY",), where)
    w.groups(3, "INDIVIDUAL_DOCUMENT", rec.get("documents"), DOCUMENT_FIELDS, (), where)
    w.leaf(3, "SORT_KEY", None)
    w.leaf(3, "SORT_KEY_LAST_MOD", None)
    w.close(2, "INDIVIDUAL")


def write_entity(w: XmlWriter, rec: Mapping[str, Any]) -> None:
    where = f"un_source.yaml record {rec.get('ref')}"
    check_keys(rec, ENTITY_KEYS, where)
    w.open(2, "ENTITY")
    w.leaf(3, "DATAID", rec["dataid"])
    w.leaf(3, "VERSIONNUM", 1)
    w.leaf(3, "FIRST_NAME", rec["name"])
    w.leaf(3, "UN_LIST_TYPE", rec["list_type"])
    w.leaf(3, "REFERENCE_NUMBER", rec["ref"])
    w.leaf(3, "LISTED_ON", rec["listed_on"])
    if rec.get("original"):
        w.leaf(3, "NAME_ORIGINAL_SCRIPT", rec["original"])
    w.leaf(3, "COMMENTS1", rec.get("comments"))
    w.values(3, "LIST_TYPE", ["UN List"])
    w.values(3, "LAST_DAY_UPDATED", rec.get("updated"))
    w.groups(3, "ENTITY_ALIAS", rec.get("aliases"), ALIAS_FIELDS, ("QUALITY", "ALIAS_NAME"), where)
    w.groups(3, "ENTITY_ADDRESS", rec.get("addresses"), ADDRESS_FIELDS, ("COUNTRY",), where)
    w.leaf(3, "SORT_KEY", None)
    w.leaf(3, "SORT_KEY_LAST_MOD", None)
    w.close(2, "ENTITY")


def render_un(data: Mapping[str, Any]) -> bytes:
    """The UN Consolidated List XML for the records in un_source.yaml."""
    w = XmlWriter()
    w.lines.append(XML_ROOT.format(date=data["date_generated"]))
    w.open(1, "INDIVIDUALS")
    for rec in data["individuals"]:
        write_individual(w, rec)
    w.close(1, "INDIVIDUALS")
    w.open(1, "ENTITIES")
    for rec in data["entities"]:
        write_entity(w, rec)
    w.close(1, "ENTITIES")
    w.lines.append("</CONSOLIDATED_LIST>")
    return (XML_HEAD + "\n".join(w.lines) + "\n").encode("utf-8")


def ofac_field(value: Any) -> str:
    """One OFAC CSV field: `-0- ` for null, numbers bare, every text in double quotes."""
    if value is None:
        return OFAC_NULL
    if isinstance(value, int):
        return str(value)
    content = str(value)
    if not content.strip():
        return OFAC_NULL
    return '"' + content.replace('"', '""') + '"'


def ofac_file(rows: Sequence[Sequence[Any]], name: str, *, eof: bool) -> bytes:
    out = "".join(",".join(ofac_field(v) for v in row) + "\r\n" for row in rows)
    if eof:
        out += OFAC_EOF
    try:
        return out.encode("ascii")
    except UnicodeEncodeError as exc:
        bad = out[max(0, exc.start - 40):exc.end + 10]
        raise InputError(f"OFAC files are ASCII; found {bad!r}",
                         where=f"{OFAC_DIR}/{name}") from None


def render_ofac(data: Mapping[str, Any]) -> dict[str, bytes]:
    """sdn.csv, alt.csv, add.csv and sdn_comments.csv for the entries in ofac_source.yaml."""
    sdn, alt, add, comments = [], [], [], []
    alt_num = int(data["alt_num_start"])
    add_num = int(data["add_num_start"])
    for rec in sorted(data["entries"], key=lambda r: int(r["ent_num"])):
        ent = int(rec["ent_num"])
        check_keys(rec, OFAC_KEYS, f"ofac_source.yaml entry {ent}")
        remarks = text(rec.get("remarks"))
        if remarks and len(remarks) > OFAC_REMARKS_MAX:
            comments.append([ent, remarks[OFAC_REMARKS_MAX:]])
            remarks = remarks[:OFAC_REMARKS_MAX]
        sdn.append([ent, rec["name"], rec.get("type"), rec["program"], rec.get("title"),
                    rec.get("call_sign"), rec.get("vessel_type"), rec.get("tonnage"),
                    rec.get("grt"), rec.get("flag"), rec.get("owner"), remarks])
        for item in rec.get("alts") or []:
            kind, name, *rest = item
            alt.append([ent, alt_num, kind, name, rest[0] if rest else None])
            alt_num += 1
        for item in rec.get("addresses") or [[None, None, None]]:
            address, city, country, *rest = item
            add.append([ent, add_num, address, city, country, rest[0] if rest else None])
            add_num += 1
    return {
        "sdn.csv": ofac_file(sdn, "sdn.csv", eof=True),
        "alt.csv": ofac_file(alt, "alt.csv", eof=True),
        "add.csv": ofac_file(add, "add.csv", eof=True),
        "sdn_comments.csv": ofac_file(comments, "sdn_comments.csv", eof=False),
    }


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def render_queries(data: Mapping[str, Any]) -> dict[str, bytes]:
    """queries.csv (the screening query layout) and queries_expected.csv (what each must find)."""
    queries, expected = [], []
    for q in data["queries"]:
        check_keys(q, QUERY_KEYS, f"queries_source.yaml query {q.get('id')}")
        queries.append([str(q.get(col) or "") for col in QUERY_COLUMNS])
        expected.append([q["id"], "|".join(q.get("expected") or []), q.get("case") or ""])
    return {
        QUERIES_FILE: csv_bytes(QUERY_COLUMNS, queries),
        EXPECTED_FILE: csv_bytes(("id", "expected", "case"), expected),
    }


def render_all(folder: Path = HERE) -> dict[str, bytes]:
    """Every generated file, by its path relative to the samples folder."""
    files = {UN_FILE: render_un(load("un_source.yaml", folder))}
    for name, content in render_ofac(load("ofac_source.yaml", folder)).items():
        files[f"{OFAC_DIR}/{name}"] = content
    files.update(render_queries(load("queries_source.yaml", folder)))
    return files


def stale(out: Path, files: Mapping[str, bytes]) -> list[str]:
    """The generated files that are missing from `out` or differ from what is there."""
    return [name for name, content in files.items()
            if not (out / name).is_file() or (out / name).read_bytes() != content]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coalition.samples.generate",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file differs from its source")
    args = parser.parse_args(argv)
    files = render_all()
    if args.check:
        bad = stale(args.out, files)
        for name in bad:
            print(f"out of date: {args.out / name}", file=sys.stderr)
        return 1 if bad else 0
    for name, content in files.items():
        target = args.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        print(f"wrote {target} ({len(content):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
