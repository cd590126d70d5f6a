"""Reading pages in tests: the stdlib HTML parser collects controls, labels and landmarks."""

from __future__ import annotations

from html.parser import HTMLParser

CONTROLS = ("input", "select", "textarea")
UNLABELLED_INPUTS = ("hidden", "submit", "button", "reset", "image")


class Outline(HTMLParser):
    """The controls, labels, landmarks and outside references of one page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.tags: set[str] = set()
        self.references: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if tag in CONTROLS and (tag != "input" or a.get("type") not in UNLABELLED_INPUTS):
            self.controls.append({"tag": tag, **a})
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        for key in ("src", "href", "action"):
            if a.get(key):
                self.references.append(str(a[key]))

    def unlabelled(self) -> list[dict[str, str | None]]:
        return [c for c in self.controls
                if not (c.get("id") and c["id"] in self.label_for) and not c.get("aria-label")]
