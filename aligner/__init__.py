"""aligner: cross-lingual duplicate and translation-alignment checker."""

__version__ = "0.1.0"

from .alignment import Bead, align_units
from .compare import CompareResult, Finding, compare
from .documents import Document, Span, load_document, make_document
from .encoders import Encoder, get_encoder
from .errors import AlignerError, EncoderError, InputError

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
    "compare",
    "get_encoder",
    "load_document",
    "make_document",
]
