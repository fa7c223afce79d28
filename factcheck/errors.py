"""Errors raised by factcheck.

Every error a user can cause is a :class:`FactcheckError`; the CLI turns it into
one line on stderr and exit code 1. The tree::

    FactcheckError
    ├── InputError            bad article file or bad JSON document
    │   ├── ValidationFailed  a document does not match its schema
    │   └── InvalidChoice     a value outside a vocabulary (kind, status, state, format)
    ├── NotFound              unknown claim, source or reviewer id
    ├── ConfigError           bad settings (database URL, config file)
    ├── DatabaseError         database unreachable or not migrated
    │   └── SchemaOutOfDate   the database is behind the migrations' head
    ├── WorkflowError         an illegal review move (state, role, four eyes)
    │   └── PermissionDenied  the acting reviewer's role does not allow it
    ├── StaleWrite            the claim changed since it was read
    └── OutputError           an export file cannot be written
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class of every error factcheck reports to a user."""


class InputError(FactcheckError):
    """An input file or document cannot be read or is malformed."""


class ValidationFailed(InputError):
    """A document does not match its JSON Schema or model."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class InvalidChoice(InputError, ValueError):
    """A value is not one of a vocabulary's words; the message lists the allowed ones.

    Also a ``ValueError``, so code that caught the plain enum error still does.
    """


class NotFound(FactcheckError):
    """An id names no stored object."""


class ConfigError(FactcheckError):
    """The settings are unusable."""


class DatabaseError(FactcheckError):
    """The database cannot be used as asked."""


class SchemaOutOfDate(DatabaseError):
    """The database schema is behind the code; `factcheck db upgrade` fixes it."""


class WorkflowError(FactcheckError):
    """A review action is not allowed from the claim's current state."""


class PermissionDenied(WorkflowError):
    """The acting reviewer's role does not allow the action."""


class StaleWrite(FactcheckError):
    """Another reviewer changed the claim after it was read (optimistic lock)."""


class OutputError(FactcheckError):
    """An output file cannot be written."""
