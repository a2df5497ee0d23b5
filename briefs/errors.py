"""The errors Briefs raises for its users, each with the exit code the CLI ends with.

Every error here carries a message meant for the user. The CLI turns them into one line on stderr and
their `exit_code` (in `briefs.cli.main`, the one place that does); the API into a 4xx/5xx body.
Anything else escaping a command is a bug: exit 3.

    BriefsError               exit 2
    ├── InputError            exit 2  an article, file, option or record the user gave is unusable
    ├── ConfigError           exit 2  a setting, prompt file or model name cannot be used
    │   └── PromptError               (briefs.extract.prompts)
    ├── StoreError            exit 2  the store cannot be opened or is not in a state we can use
    └── ModelError            exit 4  the model service failed
        └── ModelServiceError         classified by ModelFailure
"""

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """The exit codes of every `briefs` command (README, "Exit codes")."""

    OK = 0
    FLAGGED = 1  # a result was flagged, a gated metric regressed, or some input was skipped or failed
    BAD_INPUT = 2  # a BriefsError other than a model failure: bad input, configuration or store
    INTERNAL = 3  # a bug: an exception that is not a BriefsError
    MODEL_FAILED = 4  # the model service failed (auth, quota, unreachable, refused, cut off, ...)


class BriefsError(Exception):
    """Bad input or configuration, with a message meant for the user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(BriefsError):
    """An article, file, command-line option or batch record that cannot be used as given."""


class ConfigError(BriefsError):
    """A setting (BRIEFS_*, OPENAI_*), prompt file or model name that cannot be used."""


class StoreError(BriefsError):
    """The store cannot be opened, or holds something it cannot work with (its URL's password masked)."""


class ModelError(BriefsError):
    """The model service failed: no reply could be had for reasons of the service, not of the input."""

    exit_code = ExitCode.MODEL_FAILED


# Kept for the commands that decide exit 4 from an outcome rather than an exception.
EXIT_MODEL_FAILED = ExitCode.MODEL_FAILED


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


_RETRIABLE = frozenset(
    {ModelFailure.RATE_LIMITED, ModelFailure.SERVER_ERROR, ModelFailure.TIMEOUT, ModelFailure.TRANSPORT}
)
_FATAL = frozenset({ModelFailure.AUTH, ModelFailure.NO_SUCH_MODEL, ModelFailure.QUOTA})


class ModelServiceError(ModelError):
    """The model service could not give a reply, classified, with a one-line message for the user."""

    def __init__(self, kind: ModelFailure, message: str, *, retry_after: str | None = None) -> None:
        super().__init__(f"model service failed ({kind}): {message}")
        self.kind = kind
        self.detail = message
        self.retry_after = retry_after  # the server's Retry-After header, when it sent one
