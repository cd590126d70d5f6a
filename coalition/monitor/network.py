"""The co-mention network: linked entities as nodes, an edge weighted by the number of stories
that mention both; exported as GraphML."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any
from xml.etree import ElementTree as ET

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@dataclass
class Network:
    """Nodes (id → caption, schema, stories) and weighted undirected edges."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: Counter[tuple[str, str]] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [{"id": k, **v} for k, v in sorted(self.nodes.items())],
            "edges": [{"source": a, "target": b, "weight": w}
                      for (a, b), w in sorted(self.edges.items())],
        }


def build(mentions: list[dict[str, Any]], min_weight: int = 1) -> Network:
    """The network from stored mention rows (entity_id, caption, schema, story_id)."""
    per_story: dict[str, set[str]] = defaultdict(set)
    net = Network()
    for m in mentions:
        eid = m.get("entity_id")
        if not eid:
            continue
        per_story[m["story_id"]].add(eid)
        node = net.nodes.setdefault(eid, {"caption": m.get("caption") or eid,
                                          "schema": m.get("schema") or "", "stories": 0})
        node.setdefault("_stories", set()).add(m["story_id"])
    for node in net.nodes.values():
        node["stories"] = len(node.pop("_stories"))
    for ids in per_story.values():
        for a, b in combinations(sorted(ids), 2):
            net.edges[(a, b)] += 1
    if min_weight > 1:
        net.edges = Counter({k: w for k, w in net.edges.items() if w >= min_weight})
    return net


def to_graphml(net: Network) -> bytes:
    """GraphML 1.0 with node attributes caption, schema, stories and edge attribute weight."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for key, target, name, kind in (("d0", "node", "caption", "string"),
                                    ("d1", "node", "schema", "string"),
                                    ("d2", "node", "stories", "int"),
                                    ("d3", "edge", "weight", "int")):
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", id=key, attrib={
            "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="comentions",
                          edgedefault="undirected")
    for node_id, data in sorted(net.nodes.items()):
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=node_id)
        for key, name in (("d0", "caption"), ("d1", "schema"), ("d2", "stories")):
            ET.SubElement(node, f"{{{GRAPHML_NS}}}data", key=key).text = str(data[name])
    for n, ((a, b), weight) in enumerate(sorted(net.edges.items())):
        edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=f"e{n}", source=a, target=b)
        ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", key="d3").text = str(weight)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
