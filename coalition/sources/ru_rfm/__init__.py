"""Rosfinmonitoring's list of terrorists and extremists (dataset `ru-rfm`, format `ru-rfm-csv`)."""

from coalition.sources.ru_rfm.importer import FORMATS

__all__ = ["FORMATS"]
