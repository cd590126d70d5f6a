"""Names: romanisation, normalisation, consonant keys and name parts for screening."""
