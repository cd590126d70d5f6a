"""Australia DFAT Consolidated List (dataset `au-dfat`, format `dfat-xlsx`)."""

from coalition.sources.au_dfat.importer import FORMATS

__all__ = ["FORMATS"]
