"""Presidio adapter: leaksift as a ``presidio_analyzer`` recognizer.

Needs presidio-analyzer (``pip install leaksift[presidio]``)::

    from presidio_analyzer import AnalyzerEngine
    from leaksift.presidio import LeaksiftRecognizer

    engine = AnalyzerEngine()                       # with its spaCy model
    engine.registry.add_recognizer(LeaksiftRecognizer())

or, with no NLP model at all (leaksift needs none)::

    from leaksift.presidio import analyzer_engine
    engine = analyzer_engine()
    engine.analyze("card 4111 1111 1111 1111", language="en")

Kinds map to Presidio's entity names where Presidio has one (``pan`` is
``CREDIT_CARD``), otherwise to the upper-case kind (``CVV``, ``TRACK_DATA``).
Scores are ``confidence / 100``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    RecognizerResult,
)

import leaksift
from leaksift import Scanner

__all__ = ["ENTITY_BY_KIND", "LeaksiftRecognizer", "analyzer_engine", "entity_for_kind"]

#: leaksift kinds whose Presidio entity name is not the upper-case kind.
ENTITY_BY_KIND: Dict[str, str] = {
    "pan": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "email": "EMAIL_ADDRESS",
    "ssn": "US_SSN",
    "itin": "US_ITIN",
    "phone": "PHONE_NUMBER",
    "ip_address": "IP_ADDRESS",
}


def entity_for_kind(kind: str) -> str:
    """The Presidio entity name of a leaksift kind."""
    return ENTITY_BY_KIND.get(kind, kind.upper())


class LeaksiftRecognizer(EntityRecognizer):
    """Reports what a leaksift :class:`~leaksift.Scanner` finds. Needs no
    NLP artifacts; works with any language."""

    def __init__(
        self,
        scanner: Optional[Scanner] = None,
        supported_language: str = "en",
        name: str = "LeaksiftRecognizer",
    ) -> None:
        self.scanner = scanner if scanner is not None else leaksift.default_scanner()
        self._kind_by_entity = {entity_for_kind(kind): kind for kind in leaksift.KINDS}
        super().__init__(
            supported_entities=list(self._kind_by_entity),
            name=name,
            supported_language=supported_language,
            version=leaksift.__version__,
        )

    def load(self) -> None:
        """Nothing to load: the scanner is built."""

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Any = None
    ) -> List[RecognizerResult]:
        wanted = set(entities) if entities else set(self._kind_by_entity)
        results = []
        for finding in self.scanner.scan(text):
            entity = entity_for_kind(finding.kind)
            if entity not in wanted:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=finding.confidence / 100,
                textual_explanation=(
                    f"leaksift {finding.kind}"
                    + (f"/{finding.subkind}" if finding.subkind else "")
                ),
            )
            results.append(
                RecognizerResult(
                    entity_type=entity,
                    start=finding.start,
                    end=finding.end,
                    score=finding.confidence / 100,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        "leaksift_kind": finding.kind,
                        "leaksift_subkind": finding.subkind,
                        "leaksift_masked": finding.masked,
                    },
                )
            )
        return results


def analyzer_engine(
    scanner: Optional[Scanner] = None, language: str = "en"
) -> Any:
    """An ``AnalyzerEngine`` whose only recognizer is leaksift's, with
    Presidio's no-op NLP engine (presidio-analyzer >= 2.2.361), so that no
    spaCy model is loaded or downloaded."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    try:
        from presidio_analyzer.nlp_engine import NoOpNlpEngine
    except ImportError as missing:  # older presidio-analyzer
        raise leaksift.NotSupportedError(
            "analyzer_engine() needs presidio-analyzer with NoOpNlpEngine; with an "
            "older one, add LeaksiftRecognizer() to an engine that has a spaCy model"
        ) from missing
    registry = RecognizerRegistry(
        recognizers=[LeaksiftRecognizer(scanner, supported_language=language)],
        supported_languages=[language],
    )
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": language, "model_name": "none"}])
    return AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=[language]
    )
