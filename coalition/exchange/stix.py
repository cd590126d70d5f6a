"""STIX 2.1 export and import of exchange items, every object validated with the `stix2` library.

Export (of the items a principal may read, nothing else): an `identity` per member, the TLP 2.0
`marking-definition`s, `threat-actor` (persons) and `intrusion-set` (groups) for subjects, a
`report` per warning with a `sighting` of each subject by the originator and `attributed-to`
relationships between a warning's groups and persons, a `note` per request for assistance, per
visible reply and per retraction. Import reads reports back as warnings (and retraction notes),
all or nothing: a bundle with any object that fails validation or names an unknown member or no
TLP marking stores nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
import stix2
from stix2.exceptions import STIXError

from coalition.errors import InputError
from coalition.exchange.items import PayloadTooLarge, View
from coalition.exchange.tlp import BY_MARKING, TLP

NAMESPACE = uuid.UUID("6a4b8f56-2a0e-5c5e-9d1b-0c0a11710e1c")
MAX_BUNDLE = 8 * 1024 * 1024


def sid(kind: str, key: str) -> str:
    """A deterministic STIX id: the same member, subject or item has the same id everywhere."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def member_identity(member: str) -> str:
    return sid("identity", f"member:{member}")


def stamp(value: datetime | str) -> str:
    text = value if isinstance(value, str) else value.isoformat()
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _subject(subject: dict[str, Any], created: str, marking: str,
             author: str) -> dict[str, Any]:
    key = subject.get("entity") or f"name:{subject.get('schema')}:{subject['name']}"
    name = subject.get("caption") or subject.get("name") or subject["entity"]
    base = {"spec_version": "2.1", "created": created, "modified": created, "name": name,
            "created_by_ref": author, "object_marking_refs": [marking]}
    if subject.get("entity"):
        base["external_references"] = [{"source_name": "coalition",
                                        "external_id": subject["entity"]}]
    if subject.get("schema") == "Person":
        return {"type": "threat-actor", "id": sid("threat-actor", key),
                "threat_actor_types": ["terrorist"], "resource_level": "individual", **base}
    return {"type": "intrusion-set", "id": sid("intrusion-set", key), **base}


def item_objects(view: View, members: dict[str, str]) -> list[dict[str, Any]]:
    """The STIX objects of one item (without identities and markings)."""
    p = view.payload
    created = stamp(view.issued_at)
    marking = view.tlp.marking_id
    author = member_identity(view.originator)
    common = {"spec_version": "2.1", "created": created, "modified": created,
              "created_by_ref": author, "object_marking_refs": [marking]}
    subjects = [_subject(s, created, marking, author) for s in p.get("subjects", [])]
    refs = [s["id"] for s in subjects] or [author]
    ext = [{"source_name": "coalition", "external_id": view.id}]
    out: list[dict[str, Any]] = list(subjects)
    if view.kind == "warning":
        report_id = sid("report", view.id)
        report = {"type": "report", "id": report_id, **common, "name": view.title,
                  "description": p.get("text", ""), "published": created,
                  "report_types": ["threat-report"], "object_refs": refs,
                  "labels": [f"severity:{p.get('severity')}"], "external_references": ext,
                  "x_coalition_severity": p.get("severity"),
                  "x_coalition_valid_until": p.get("valid_until"),
                  "x_coalition_attachments": p.get("attachments", [])}
        if view.retracted_at is not None:
            report["revoked"] = True
            report["modified"] = stamp(view.retracted_at)
        out.append(report)
        for s in subjects:
            out.append({"type": "sighting", "id": sid("sighting", f"{view.id}:{s['id']}"),
                        **common, "sighting_of_ref": s["id"], "where_sighted_refs": [author],
                        "first_seen": created, "count": 1})
        persons = [s for s in subjects if s["type"] == "threat-actor"]
        for group in (s for s in subjects if s["type"] == "intrusion-set"):
            for person in persons:
                out.append({"type": "relationship",
                            "id": sid("relationship", f"{view.id}:{group['id']}:{person['id']}"),
                            **common, "relationship_type": "attributed-to",
                            "source_ref": group["id"], "target_ref": person["id"]})
        if view.retracted_at is not None:
            out.append({"type": "note", "id": sid("note", f"retraction:{view.id}"),
                        **{**common, "created": stamp(view.retracted_at),
                           "modified": stamp(view.retracted_at)},
                        "abstract": "Retracted by the originator",
                        "content": view.retraction_reason or "", "object_refs": [report_id],
                        "x_coalition_kind": "retraction"})
        return out
    note_id = sid("note", view.id)
    questions = "\n".join(f"{i}. {q}" for i, q in enumerate(p.get("questions", []), 1))
    out.append({"type": "note", "id": note_id, **common, "abstract": view.title,
                "content": (p.get("text", "") + "\n\n" + questions).strip(),
                "object_refs": refs, "external_references": ext,
                "x_coalition_kind": "request", "x_coalition_due": p.get("due")})
    for reply in view.extra.get("replies", []):
        out.append({"type": "note", "id": sid("note", reply["id"]),
                    **{**common, "created_by_ref": member_identity(reply["member"])},
                    "abstract": f"Reply to question {reply['question']} ({reply['status']})",
                    "content": reply["text"] or "(no information)", "object_refs": [note_id],
                    "x_coalition_kind": "reply"})
    return out


def bundle(views: list[View], members: dict[str, str]) -> dict[str, Any]:
    """A validated STIX 2.1 bundle of these items; `members` maps member ids to names."""
    objects: dict[str, dict[str, Any]] = {}
    used_tlp: set[TLP] = set()
    involved: set[str] = set()
    for view in views:
        used_tlp.add(view.tlp)
        involved.add(view.originator)
        involved.update(r["member"] for r in view.extra.get("replies", []))
        for obj in item_objects(view, members):
            objects.setdefault(obj["id"], obj)
    for member in sorted(involved):
        objects[member_identity(member)] = {
            "type": "identity", "spec_version": "2.1", "id": member_identity(member),
            "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
            "name": members.get(member, member), "identity_class": "organization",
            "x_coalition_member": member}
    for level in sorted(used_tlp):
        objects[level.marking_id] = level.marking_definition()
    data = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": list(objects.values())}
    validate(orjson.dumps(data), where="export")
    return data


def validate(data: bytes, *, where: str) -> list[dict[str, Any]]:
    """The objects of a STIX 2.1 bundle, each checked by `stix2`; a clear error otherwise."""
    if len(data) > MAX_BUNDLE:
        raise PayloadTooLarge(f"STIX bundle of {len(data)} bytes is over {MAX_BUNDLE}",
                              where=where)
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", where=where) from None
    if not isinstance(raw, dict) or raw.get("type") != "bundle":
        raise InputError("not a STIX bundle: the top level must be {\"type\": \"bundle\", …}",
                         where=where)
    objects = raw.get("objects", [])
    if not isinstance(objects, list):
        raise InputError("bundle `objects` must be a list", where=where)
    for i, obj in enumerate(objects):
        try:
            stix2.parse(obj, allow_custom=True, version="2.1")
        except (STIXError, ValueError, TypeError, KeyError) as exc:
            ident = obj.get("id") if isinstance(obj, dict) else None
            raise InputError(f"object {i} ({ident or 'no id'}) is not valid STIX 2.1: {exc}",
                             where=where) from None
    return objects


@dataclass
class Parsed:
    """Warnings (as item payloads) and retractions read from a bundle, plus what was skipped."""

    warnings: list[dict[str, Any]] = field(default_factory=list)
    retractions: list[tuple[str, str]] = field(default_factory=list)  # (item id, reason)
    skipped: dict[str, int] = field(default_factory=dict)


def parse(data: bytes, members: set[str], *, where: str) -> Parsed:
    """Read a bundle into warnings to store; refuses unknown originators and unmarked reports."""
    objects = validate(data, where=where)
    by_identity = {member_identity(m): m for m in members}
    index = {o["id"]: o for o in objects}
    out = Parsed()
    for obj in objects:
        kind = obj["type"]
        if kind == "report":
            out.warnings.append(_warning(obj, index, by_identity, where))
        elif kind == "note" and obj.get("x_coalition_kind") == "retraction":
            for ref in obj.get("object_refs", []):
                report = index.get(ref)
                if report is not None:
                    out.retractions.append((_item_id(report), obj.get("content", "")))
        elif kind not in ("identity", "marking-definition", "threat-actor", "intrusion-set",
                          "sighting", "relationship"):
            out.skipped[kind] = out.skipped.get(kind, 0) + 1
    return out


def _item_id(report: dict[str, Any]) -> str:
    for ref in report.get("external_references", []):
        if ref.get("source_name") == "coalition" and str(ref.get("external_id", "")).startswith(
                "w-"):
            return str(ref["external_id"])
    return "w-" + report["id"].split("--", 1)[1].replace("-", "")


def _warning(obj: dict[str, Any], index: dict[str, dict[str, Any]],
             by_identity: dict[str, str], where: str) -> dict[str, Any]:
    originator = by_identity.get(obj.get("created_by_ref", ""))
    if originator is None:
        raise InputError(f"report {obj['id']} is created by {obj.get('created_by_ref')!r}, "
                         "not a member of the coalition", where=where)
    levels = {BY_MARKING[m] for m in obj.get("object_marking_refs", []) if m in BY_MARKING}
    if len(levels) != 1:
        raise InputError(f"report {obj['id']} must carry exactly one TLP marking "
                         f"(found {len(levels)})", where=where)
    tlp = levels.pop()
    subjects = []
    for ref in obj.get("object_refs", []):
        target = index.get(ref)
        if target is None or target["type"] not in ("threat-actor", "intrusion-set"):
            continue
        entity = next((r["external_id"] for r in target.get("external_references", [])
                       if r.get("source_name") == "coalition"), None)
        schema = "Person" if target["type"] == "threat-actor" else "Organization"
        subjects.append({"entity": entity, "caption": target["name"], "schema": schema}
                        if entity else {"name": target["name"], "schema": schema})
    severity = obj.get("x_coalition_severity") or "medium"
    return {"id": _item_id(obj), "originator": originator, "tlp": tlp.value,
            "title": obj["name"], "text": obj.get("description", "") or obj["name"],
            "severity": severity, "subjects": subjects,
            "valid_until": obj.get("x_coalition_valid_until"),
            "attachments": obj.get("x_coalition_attachments", []),
            "issued": obj.get("published") or obj["created"], "stix_id": obj["id"],
            "revoked": bool(obj.get("revoked"))}
