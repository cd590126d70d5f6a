"""UN Security Council Consolidated List (dataset `un-sc`, format `un-xml`)."""

from coalition.sources.un_sc.importer import FORMATS

__all__ = ["FORMATS"]
