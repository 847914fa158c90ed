# Type stubs of the native module (Rust, bindings-python/src/). A test checks
# that the names here and the module's public names are the same.
from typing import Any, Iterable, List, Literal, Mapping, Optional, Tuple, Union, final

_Text = Union[str, bytes, bytearray, memoryview]
#: "kind=action,..." rules, or {kind: action}.
_Policy = Optional[Union[str, Mapping[str, str]]]
#: 16, 24 or 32 raw bytes, or the same as hex text.
_Key = Optional[Union[str, bytes]]

__version__: str
#: Detector names a Scanner accepts ("all" selects every one).
DETECTORS: List[str]
#: Every kind a finding can have.
KINDS: List[str]
#: Whether this build's core can mask, tokenize and detokenize.
MASKING_AVAILABLE: bool
#: Inputs of at least this many bytes are scanned with the GIL released.
RELEASE_GIL_AT: int

@final
class Finding:
    """One piece of sensitive data. Immutable and hashable; holds the masked
    value, never the raw one."""

    @property
    def kind(self) -> str: ...
    @property
    def subkind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def span(self) -> Tuple[int, int]: ...
    @property
    def confidence(self) -> int: ...
    @property
    def provenance(self) -> str: ...
    @property
    def provenance_reason(self) -> Optional[str]: ...
    @property
    def masked(self) -> str: ...
    @property
    def offsets(self) -> str:
        """"char" for str input (character indices), "byte" for bytes input."""
    def __init__(
        self,
        kind: str,
        subkind: str,
        start: int,
        end: int,
        confidence: int,
        provenance: str,
        masked: str,
        *,
        provenance_reason: Optional[str] = None,
        offsets: str = "char",
    ) -> None: ...
    def raw(self, source: Union[str, bytes]) -> Union[str, bytes]:
        """The raw matched value, sliced out of the scanned source."""
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Scanner:
    """Finds sensitive data; built once, shared by any number of threads."""

    def __init__(
        self,
        detectors: Optional[Union[str, Iterable[str]]] = None,
        *,
        min_confidence: Optional[int] = None,
        context_window: Optional[int] = None,
        watermark_key: Optional[Union[str, bytes]] = None,
        environment: Optional[Literal["production", "synthetic"]] = None,
    ) -> None: ...
    @property
    def detectors(self) -> List[str]: ...
    @property
    def min_confidence(self) -> int: ...
    @property
    def context_window(self) -> int: ...
    @property
    def environment(self) -> Optional[str]:
        """"production", "synthetic" or None (no commingling policy)."""
    @property
    def has_watermark_key(self) -> bool:
        """Whether watermarks are recognised (the key is never shown)."""
    def scan(self, text: _Text) -> List[Finding]: ...
    def scan_many(
        self, texts: Iterable[_Text], threads: Optional[int] = None
    ) -> List[List[Finding]]: ...
    def mask(
        self,
        text: _Text,
        policy: _Policy = None,
        *,
        key: _Key = None,
        tweak: Optional[Union[str, bytes]] = None,
    ) -> Any:
        """The text (same type) with every finding masked per `policy`."""
    def mask_many(
        self,
        texts: Iterable[_Text],
        policy: _Policy = None,
        *,
        key: _Key = None,
        tweak: Optional[Union[str, bytes]] = None,
        threads: Optional[int] = None,
    ) -> List[Any]: ...
    def tokenize(
        self, text: _Text, key: Union[str, bytes], *, tweak: Optional[Union[str, bytes]] = None
    ) -> Any: ...
    def detokenize(
        self,
        token: _Text,
        key: Union[str, bytes],
        *,
        kind: str = "pan",
        tweak: Optional[Union[str, bytes]] = None,
    ) -> Any: ...
