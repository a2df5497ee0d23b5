"""The one error type the CLI and API turn into a clear message instead of a traceback."""

from enum import StrEnum


class BriefsError(Exception):
    """Bad input or configuration, with a message meant for the user."""


# The exit code of a command whose model service failed (auth, quota, unreachable, refused, ...):
# distinct from 1 (a result was flagged or no valid extraction came back) and 2 (bad input).
EXIT_MODEL_FAILED = 4


class ModelFailure(StrEnum):
    """Why a model service failed, as the extractor, the call log and the CLI name it."""

    AUTH = "auth"
    NO_SUCH_MODEL = "no_such_model"
    BAD_REQUEST = "bad_request"
    CONTEXT_LENGTH = "context_length"
    QUOTA = "quota"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"
    TRANSPORT = "transport"
    REFUSAL = "refusal"
    CUT_OFF = "cut_off"

    @property
    def retriable(self) -> bool:
        """Worth the same request again after a wait: the service may recover; the others will not."""
        return self in _RETRIABLE

    @property
    def fatal(self) -> bool:
        """True of the service as a whole, not of one article: later requests would fail the same way."""
        return self in _FATAL


_RETRIABLE = frozenset({ModelFailure.RATE_LIMITED, ModelFailure.SERVER_ERROR, ModelFailure.TIMEOUT, ModelFailure.TRANSPORT})
_FATAL = frozenset({ModelFailure.AUTH, ModelFailure.NO_SUCH_MODEL, ModelFailure.QUOTA})


class ModelServiceError(BriefsError):
    """The model service could not give a reply, classified, with a one-line message for the user."""

    def __init__(self, kind: ModelFailure, message: str, *, retry_after: str | None = None) -> None:
        super().__init__(f"model service failed ({kind}): {message}")
        self.kind = kind
        self.detail = message
        self.retry_after = retry_after  # the server's Retry-After header, when it sent one
