"""Monitor fixtures: short fictional news texts written for these tests, list entities in
memory, and a local HTTP server on loopback for pages and feeds."""

from __future__ import annotations

import pytest

from coalition.model import Entity

GLUED = """Get the latest updates as we post them — right on your browser

Ministers Agree on Joint Watch Centre

Ministers Agree on Joint Watch Centre

NOVOGRAD, March 3 (Example Agency) – Foreign Minister Elena Varga met Interior Minister \
Tomas Brandt in Novograd on Tuesday to discuss a joint watch centre against al-Qaeda financing.

"We will share what we know," Varga said.

Views: 1254

Border Talks Resume After Long Pause

Border Talks Resume After Long Pause

Example Wire , Friday 6 Mar 2015

President Karl Osterberg spoke by telephone with Prime Minister Anna Lind on Thursday about \
ISIL fighters crossing the border.

Osterberg called for closer cooperation between border services.

© 2015 Example Wire. All rights reserved.
"""


def org(ref: str, *names: str) -> Entity:
    e = Entity("Organization", f"un-sc-{ref}", dataset="un-sc", reference=f"un-sc:{ref}")
    for n in names:
        e.add("name", n)
    return e


def person(ref: str, *names: str) -> Entity:
    e = Entity("Person", f"un-sc-{ref}", dataset="un-sc", reference=f"un-sc:{ref}")
    for n in names:
        e.add("name", n)
    return e


@pytest.fixture
def list_entities() -> list[Entity]:
    return [
        org("QDe.115", "AL-QAIDA IN IRAQ", "AQI"),
        org("QDe.999", "Example Liberation Brigades of the North"),
        person("QDi.999", "Yusuf Example Karimi"),
    ]


