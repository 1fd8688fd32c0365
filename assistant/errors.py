"""Errors users see: each carries a one-line reason that names what went wrong."""


class AssistantError(Exception):
    """Base for errors reported to users rather than raised as tracebacks."""


class LoadError(AssistantError):
    """A file could not be read; `str(err)` is the reason shown in the ingest report."""


class EmbeddingMismatchError(AssistantError):
    """The index was built with another embedding model; mixing vectors would corrupt search."""


class InputError(AssistantError):
    """A request was refused before any work: empty, too long, or malformed.

    The message is short, in the asker's language, and safe to show as it is (APIs map it to
    HTTP 400 without a traceback in the log).
    """
