"""The library's exceptions; the command line turns each into one clear line and exit status 2."""


class AlignerError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(AlignerError):
    """An input file is missing, unreadable, undecodable, binary or empty."""


class EncoderError(AlignerError):
    """An encoder cannot be loaded or cannot encode."""


class CorpusError(AlignerError):
    """A corpus cannot be read or written: bad records, duplicate ids, a missing extra."""
