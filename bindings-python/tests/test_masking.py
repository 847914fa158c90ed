"""Masking, tokenization and detokenization through the binding: the
core's results, the input's type out, str output character-safe, errors as
the right LeaksiftError subclasses. (That they equal the CLI's byte for
byte is in test_differential.py.)"""

from __future__ import annotations

import re

import pytest

import leaksift
from leaksift import Scanner

TEXT = "😀 card 4111 1111 1111 1111, cvv: 123 ☕"
KEY = bytes(range(16))
CARD = re.compile(r"\d{4} \d{4} \d{4} \d{4}")

def test_default_mask_keeps_type_and_characters():
    scanner = Scanner()
    assert scanner.mask(TEXT) == "😀 card **** **** **** 1111, cvv: *** ☕"
    assert scanner.mask(TEXT.encode()) == "😀 card **** **** **** 1111, cvv: *** ☕".encode()
    assert scanner.mask(bytearray(b"cvv=123")) == b"cvv=***"
    assert scanner.mask("nothing here") == "nothing here"
    assert leaksift.mask(TEXT) == scanner.mask(TEXT)
    # Masked text holds nothing a scan reports any more.
    assert leaksift.scan(scanner.mask(TEXT)) == []


def test_policies_as_rules_and_dicts():
    scanner = Scanner()
    assert scanner.mask(TEXT, "all=redact") == "😀 card [PAN], cvv: [CVV] ☕"
    assert scanner.mask(TEXT, "pan=redact, cvv=mask") == "😀 card [PAN], cvv: *** ☕"
    assert scanner.mask(TEXT, {"pan": "redact"}) == "😀 card [PAN], cvv: *** ☕"
    assert scanner.mask(TEXT, "") == scanner.mask(TEXT)


def test_lone_surrogates_survive_masking():
    text = "\ud800 cvv: 123 \udfff"
    assert Scanner().mask(text) == "\ud800 cvv: *** \udfff"


@pytest.mark.parametrize("key", [KEY, KEY.hex(), bytes(24), bytes(range(32)).hex().upper()])
def test_tokenize_then_detokenize_restores_the_card(key):
    scanner = Scanner()
    tokenized = scanner.tokenize(TEXT, key)
    assert tokenized.startswith("😀 card ") and tokenized.endswith("1111, cvv: *** ☕")
    token = CARD.search(tokenized).group(0)
    assert token != "4111 1111 1111 1111"
    assert scanner.scan(tokenized) == [], "a token is not a card number"
    assert scanner.detokenize(token, key) == "4111 1111 1111 1111"
    assert scanner.detokenize(token.encode(), key) == b"4111 1111 1111 1111"
    # Deterministic under one key and tweak; the tweak changes the token.
    assert scanner.tokenize(TEXT, key) == tokenized
    tweaked = scanner.tokenize(TEXT, key, tweak=b"table:orders")
    assert tweaked != tokenized
    tweaked_token = CARD.search(tweaked).group(0)
    assert scanner.detokenize(tweaked_token, key, tweak=b"table:orders") == "4111 1111 1111 1111"


def test_pseudonymize_through_a_policy():
    scanner = Scanner()
    once = scanner.mask(TEXT, "pan=pseudonymize", key=KEY)
    assert once == scanner.mask(TEXT, "pan=pseudonymize", key=KEY.hex())
    assert "4111 1111 1111 1111" not in once and once.endswith("cvv: *** ☕")


def test_mask_many_equals_mask_one_by_one():
    rows = [TEXT, b"cvv=123", "nothing", "", "card 5555555555554444"] * 400
    scanner = Scanner()
    expected = [scanner.mask(row) for row in rows]
    assert scanner.mask_many(rows, threads=2) == expected
    assert scanner.mask_many(rows, threads=1) == expected
    assert leaksift.mask_many(rows) == expected
    redacted = scanner.mask_many(rows[:5], "all=redact", threads=2)
    assert redacted[0] == "😀 card [PAN], cvv: [CVV] ☕"


def test_masking_is_available():
    assert leaksift.MASKING_AVAILABLE is True


@pytest.mark.parametrize(
    "call,error,needle",
    [
        (lambda s: s.tokenize(TEXT, b"short"), leaksift.InvalidKeyError, "16, 24 or 32 bytes"),
        (lambda s: s.tokenize(TEXT, "not hex!"), leaksift.InvalidKeyError, "hex"),
        (lambda s: s.tokenize(TEXT, 12345), leaksift.InputTypeError, "key must be bytes"),
        (lambda s: s.mask(TEXT, "pan=tokenize"), leaksift.PolicyError, "needs a key"),
        (lambda s: s.mask(TEXT, "cvv=tokenize", key=KEY), leaksift.PolicyError, "not allowed for cvv"),
        (lambda s: s.mask(TEXT, "pan=explode"), leaksift.PolicyError, "unknown masking action"),
        (lambda s: s.mask(TEXT, "card=mask"), leaksift.PolicyError, "unknown kind"),
        (lambda s: s.mask(TEXT, "pan"), leaksift.PolicyError, "kind=action"),
        (lambda s: s.mask(TEXT, 5), leaksift.InputTypeError, "policy must be"),
        (lambda s: s.mask(TEXT, {"pan": 1}), leaksift.InputTypeError, "both str"),
        (lambda s: s.tokenize(TEXT, KEY, tweak=b"x" * 100), leaksift.OutOfRangeError, "tweak"),
        (lambda s: s.detokenize("12", KEY), leaksift.MaskingError, "12 to 19 digits"),
        (lambda s: s.detokenize("4111 1111 1111 1111", KEY, kind="telepathy"), leaksift.PolicyError, "unknown kind"),
        (lambda s: s.mask_many([TEXT, 5]), leaksift.InputTypeError, "texts[1]"),
    ],
)
def test_masking_errors(call, error, needle):
    with pytest.raises(error) as raised:
        call(Scanner())
    assert needle in str(raised.value)
    assert "000102030405060708090a0b0c0d0e0f" not in str(raised.value)
