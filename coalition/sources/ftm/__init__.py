"""FollowTheMoney JSON lines (OpenSanctions exports, coalition's own export)."""

from coalition.sources.ftm.importer import FORMATS

__all__ = ["FORMATS"]
