"""The one error type the CLI and API turn into a clear message instead of a traceback."""


class BriefsError(Exception):
    """Bad input or configuration, with a message meant for the user."""
