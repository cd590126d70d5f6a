"""Canada's autonomous sanctions list, SEMA and JVCFOA (dataset `ca-sema`, format `ca-sema-xml`)."""

from coalition.sources.ca_sema.importer import FORMATS

__all__ = ["FORMATS"]
