"""Reviewer handles: what a valid one is, and how to show one that is not.

Kept apart from ``factcheck.model`` (which imports pydantic) so the CLI's
fast read path can show handles without loading pydantic.
"""

from __future__ import annotations

import re

_HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def is_handle(value: str) -> bool:
    """True for a valid reviewer handle: the WHOLE value must match (no trailing newline)."""
    return _HANDLE.fullmatch(value) is not None


def shown_handle(value: str) -> str:
    """A handle as shown to people: as is when valid, quoted and escaped otherwise."""
    return value if is_handle(value) else repr(value)
