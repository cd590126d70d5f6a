"""The open-source news monitor: ingestion, mentions linked to the list, events, alerts.

Pipeline (each step a module): reading (files, URLs, feeds, HTML) → textclean (page furniture,
article splitting, datelines) → stories (near-duplicate articles merged) → language → mentions
(gazetteer + NER) → linking (curated aliases, list names, screening) → events → repository
(tables) → alerts. `Monitor` in service.py runs it.
"""

from coalition.monitor.article import Article, Document
from coalition.monitor.service import IngestReport, Monitor

__all__ = ["Article", "Document", "IngestReport", "Monitor"]
