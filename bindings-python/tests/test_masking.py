"""Masking, tokenization and detokenization through the binding.

The core on this branch has no masking yet: until it has, every masking
entry point must refuse with NotSupportedError (and mask nothing), never
return unmasked or made-up output."""

from __future__ import annotations

import pytest

import leaksift
from leaksift import Scanner

TEXT = "card 4111 1111 1111 1111 cvv: 123"
KEY = bytes(range(16))

pytestmark = pytest.mark.skipif(
    leaksift.MASKING_AVAILABLE, reason="masking is available: see the masking tests"
)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.mask(TEXT),
        lambda s: s.mask(TEXT.encode(), "pan=mask"),
        lambda s: s.mask_many([TEXT], threads=2),
        lambda s: s.tokenize(TEXT, KEY),
        lambda s: s.detokenize("4111 1111 1111 1111", KEY),
        lambda s: leaksift.mask(TEXT),
        lambda s: leaksift.mask_many([TEXT]),
    ],
    ids=["mask", "mask-bytes", "mask_many", "tokenize", "detokenize", "module-mask", "module-mask_many"],
)
def test_masking_is_refused_until_the_core_has_it(call):
    with pytest.raises(leaksift.NotSupportedError) as raised:
        call(Scanner())
    message = str(raised.value)
    assert "no masking yet" in message and "Nothing was masked" in message
    assert isinstance(raised.value, NotImplementedError)
