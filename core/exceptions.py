"""Domain exceptions shared by the apps. The API maps them to HTTP answers (core.api.errors)."""


class Conflict(Exception):
    """A request that is valid in itself but conflicts with the current state (a full opening,
    the rimelighedskrav). The API answers 409 with the message as `detail`."""

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
