"""EU Financial Sanctions Files (dataset `eu-fsf`): official XML and a derived JSON export."""

from coalition.sources.eu_fsf.importer import FORMATS

__all__ = ["FORMATS"]
