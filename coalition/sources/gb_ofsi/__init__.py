"""UK OFSI Consolidated List of Financial Sanctions Targets (dataset `gb-ofsi`)."""

from coalition.sources.gb_ofsi.importer import FORMATS

__all__ = ["FORMATS"]
