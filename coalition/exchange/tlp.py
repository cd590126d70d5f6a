"""TLP 2.0 as a distribution rule: the five levels, their STIX marking definitions, onward sharing.

A level is not a label shown next to an item: `coalition.exchange.policy.allowed` reads it to
decide every read. What each level permits on this platform:

    CLEAR         anyone with an account on the node.
    GREEN, AMBER  the item's audience (recipient members); passing it on to a third member needs
                  the originator's consent.
    AMBER+STRICT  the recipient members only; never passed on.
    RED           the individual users named on the item (and its author) only; never passed on,
                  never pushed with its content to a member's machine endpoint.
"""

from __future__ import annotations

from enum import StrEnum

from coalition.errors import UsageError

TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_CREATED = "2022-10-01T00:00:00.000Z"


class TLP(StrEnum):
    """A Traffic Light Protocol 2.0 level."""

    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"

    @classmethod
    def parse(cls, value: str) -> TLP:
        """A level from `amber+strict`, `TLP:AMBER+STRICT`, `AMBER_STRICT`…; refuses others."""
        text = value.strip().upper().removeprefix("TLP:").replace("_", "+").replace(" ", "")
        if text == "WHITE":  # TLP 1.0's name for CLEAR
            text = "CLEAR"
        try:
            return cls(text)
        except ValueError:
            levels = ", ".join(level.value for level in cls)
            raise UsageError(f"unknown TLP level {value!r}; use one of {levels}") from None

    @property
    def may_pass_on(self) -> bool:
        """Whether a recipient may (with the originator's consent) pass the item on."""
        return self in (TLP.GREEN, TLP.AMBER)

    @property
    def marking_id(self) -> str:
        return MARKING_IDS[self]

    def marking_definition(self) -> dict[str, object]:
        """The published STIX 2.1 marking-definition object of this level."""
        return {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": self.marking_id,
            "created": TLP_CREATED,
            "name": f"TLP:{self.value}",
            "extensions": {
                TLP_EXTENSION: {"extension_type": "property-extension",
                                "tlp_2_0": self.value.lower()},
            },
        }


# The identifiers OASIS published for TLP 2.0 (cti-stix-common-objects); never generated.
MARKING_IDS: dict[TLP, str] = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
BY_MARKING: dict[str, TLP] = {v: k for k, v in MARKING_IDS.items()}
# TLP 1.0 markings predefined by STIX 2.1, read on import as their TLP 2.0 equivalents.
BY_MARKING.update({
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLP.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLP.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLP.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLP.RED,
})
