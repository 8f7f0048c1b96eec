"""aligner: cross-lingual duplicate and translation-alignment checker."""

__version__ = "0.1.0"

from .alignment import Bead, align_units
from .compare import CompareResult, Finding, compare
from .documents import Document, Span, load_document, make_document
from .encoders import Encoder, get_encoder
from .errors import AlignerError, EncoderError, InputError


def __getattr__(name: str):
    # corpus work is imported on first use: comparing two files need not load it
    if name == "scan_corpus":
        from .corpus import scan_corpus

        return scan_corpus
    if name == "clean_corpus":
        from .corpus_clean import clean_corpus

        return clean_corpus
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")


__all__ = [
    "AlignerError",
    "Bead",
    "CompareResult",
    "Document",
    "Encoder",
    "EncoderError",
    "Finding",
    "InputError",
    "Span",
    "__version__",
    "align_units",
    "clean_corpus",
    "compare",
    "get_encoder",
    "load_document",
    "make_document",
    "scan_corpus",
]
