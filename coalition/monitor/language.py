"""Language of an article, by py3langid (its model ships inside the package: no download)."""

from __future__ import annotations

import functools
import re

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
SAMPLE = 3000  # characters: enough for a stable decision, cheap on long articles


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to say."""
    sample = text[:SAMPLE]
    if len(_LETTERS.findall(sample)) < 20:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else None
