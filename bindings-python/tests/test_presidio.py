"""leaksift.presidio: the recognizer inside a real presidio AnalyzerEngine."""

from __future__ import annotations

from conftest import require

require("presidio_analyzer")

import leaksift  # noqa: E402
from leaksift.presidio import (  # noqa: E402
    LeaksiftRecognizer,
    analyzer_engine,
    entity_for_kind,
)

TEXT = "😀 Olga read her card 4526 0181 5908 3012 and cvv: 123 to the agent ☕"


def test_engine_without_an_nlp_model_finds_what_leaksift_finds():
    engine = analyzer_engine()
    results = sorted(engine.analyze(TEXT, language="en"), key=lambda r: r.start)
    expected = leaksift.scan(TEXT)
    assert [(r.entity_type, r.start, r.end) for r in results] == [
        (entity_for_kind(f.kind), f.start, f.end) for f in expected
    ]
    assert [TEXT[r.start : r.end] for r in results] == ["4526 0181 5908 3012", "123"]
    assert [r.score for r in results] == [f.confidence / 100 for f in expected]
    assert results[0].recognition_metadata["leaksift_masked"] == "**** **** **** 3012"
    assert results[0].recognition_metadata["recognizer_name"] == "LeaksiftRecognizer"


def test_entity_filter_and_names():
    engine = analyzer_engine()
    only_cvv = engine.analyze(TEXT, language="en", entities=["CVV"])
    assert [r.entity_type for r in only_cvv] == ["CVV"]
    recognizer = LeaksiftRecognizer()
    assert "CREDIT_CARD" in recognizer.supported_entities
    assert set(recognizer.get_supported_entities()) == {
        entity_for_kind(k) for k in leaksift.KINDS
    }
    assert entity_for_kind("pan") == "CREDIT_CARD"
    assert entity_for_kind("track_data") == "TRACK_DATA"


def test_custom_scanner_and_registry():
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(LeaksiftRecognizer(leaksift.Scanner("pan")))
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]),
    )
    assert [r.entity_type for r in engine.analyze(TEXT, language="en")] == ["CREDIT_CARD"]
    assert engine.analyze("nothing here", language="en") == []
