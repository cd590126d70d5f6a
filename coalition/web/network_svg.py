"""The co-mention network laid out for an inline SVG: the busiest nodes on a circle, edges as
lines whose width grows with the number of shared stories. Pure geometry, drawn by a template."""

from __future__ import annotations

import math
from dataclasses import dataclass

from coalition.monitor.network import Network

SIZE = 640
MAX_NODES = 40


@dataclass(frozen=True)
class Point:
    id: str
    caption: str
    stories: int
    x: float
    y: float
    r: float
    anchor: str  # text-anchor of the label: start on the right half, end on the left


@dataclass(frozen=True)
class Line:
    source: Point
    target: Point
    weight: int
    width: float


def layout(net: Network, size: int = SIZE, max_nodes: int = MAX_NODES
           ) -> tuple[list[Point], list[Line]]:
    """Points for the `max_nodes` nodes in most stories, and the edges between them."""
    ranked = sorted(net.nodes.items(), key=lambda kv: (-kv[1]["stories"], kv[0]))[:max_nodes]
    if not ranked:
        return [], []
    centre, radius = size / 2, size / 2 - 150
    most = max(data["stories"] for _, data in ranked) or 1
    points: dict[str, Point] = {}
    for i, (node_id, data) in enumerate(ranked):
        angle = 2 * math.pi * i / len(ranked) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        points[node_id] = Point(node_id, str(data["caption"]), int(data["stories"]),
                                round(x, 1), round(y, 1),
                                round(4 + 8 * math.sqrt(data["stories"] / most), 1),
                                "start" if x >= centre - 1 else "end")
    heaviest = max(net.edges.values(), default=1)
    lines = [Line(points[a], points[b], w, round(1 + 5 * w / heaviest, 1))
             for (a, b), w in sorted(net.edges.items()) if a in points and b in points]
    return list(points.values()), lines
