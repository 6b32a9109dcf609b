"""Domain exceptions shared by the apps. The API maps them to HTTP answers (core.api.errors)."""

from django.core.exceptions import PermissionDenied


class Conflict(Exception):
    """A request that is valid in itself but conflicts with the current state (a full opening,
    the rimelighedskrav). The API answers 409 with the message as `detail`."""

    def __init__(self, message: str, *, code: str = "conflict") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionRefused(PermissionDenied):
    """The actor may not do this to this object (core.permissions.require). A write service
    raises it with a clear message; the views put it on the form (on `field` when named) and
    answer 403, the API answers 403 with the message as `detail`, a command prints it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
