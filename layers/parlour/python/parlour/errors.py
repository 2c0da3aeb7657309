"""Domain errors. They say what went wrong in business terms; parlour.api maps them to HTTP once."""

from typing import Any


class ParlourError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class InvalidInput(ParlourError):
    """The request is well formed but breaks a rule; `field` names the offending input."""

    code = "invalid_input"

    def __init__(self, field: str, message: str, *, details: dict[str, Any] | None = None):
        super().__init__(message, details=details)
        self.field = field


class NotFound(ParlourError):
    code = "not_found"


class Conflict(ParlourError):
    """The request lost to the current state; `next_step` tells the caller what to do."""

    code = "conflict"

    def __init__(self, message: str, *, next_step: str, details: dict[str, Any] | None = None):
        super().__init__(message, details=details)
        self.next_step = next_step


class Unauthorized(ParlourError):
    code = "unauthorized"


class Forbidden(ParlourError):
    code = "forbidden"
