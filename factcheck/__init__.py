"""factcheck: attributed claim extraction and review for newsroom fact-checkers.

The public API is re-exported here lazily, so ``import factcheck`` (and the
``factcheck`` command's start-up) does not pay for pydantic, SQLAlchemy or the
sentence segmenter until a name that needs them is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # extraction
    "extract": "factcheck.text.extract",
    "extract_file": "factcheck.text.extract",
    "read_article": "factcheck.text.reader",
    # storage
    "open_store": "factcheck.store.engine",
    "Store": "factcheck.store.engine",
    "ingest": "factcheck.store.ingest",
    # the annotated-article HTML report
    "render_report": "factcheck.report",
    "write_report": "factcheck.report",
    # models and vocabularies
    "Article": "factcheck.model",
    "Attribution": "factcheck.model",
    "AttributionKind": "factcheck.model",
    "Cue": "factcheck.model",
    "EvidenceIn": "factcheck.model",
    "EvidenceStatus": "factcheck.model",
    "ExtractedClaim": "factcheck.model",
    "Extraction": "factcheck.model",
    "ReviewAction": "factcheck.model",
    "ReviewState": "factcheck.model",
    "Role": "factcheck.model",
    "SourceKind": "factcheck.model",
    "SourceMeta": "factcheck.model",
    "Span": "factcheck.model",
    "Stance": "factcheck.model",
    # errors
    "FactcheckError": "factcheck.errors",
    "InputError": "factcheck.errors",
    "ValidationFailed": "factcheck.errors",
    "NotFound": "factcheck.errors",
    "ConfigError": "factcheck.errors",
    "DatabaseError": "factcheck.errors",
    "SchemaOutOfDate": "factcheck.errors",
    "WorkflowError": "factcheck.errors",
    "PermissionDenied": "factcheck.errors",
    "StaleWrite": "factcheck.errors",
    "OutputError": "factcheck.errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from factcheck.errors import (
        ConfigError,
        DatabaseError,
        FactcheckError,
        InputError,
        NotFound,
        OutputError,
        PermissionDenied,
        SchemaOutOfDate,
        StaleWrite,
        ValidationFailed,
        WorkflowError,
    )
    from factcheck.model import (
        Article,
        Attribution,
        AttributionKind,
        Cue,
        EvidenceIn,
        EvidenceStatus,
        ExtractedClaim,
        Extraction,
        ReviewAction,
        ReviewState,
        Role,
        SourceKind,
        SourceMeta,
        Span,
        Stance,
    )
    from factcheck.report import render_report, write_report
    from factcheck.store.engine import Store, open_store
    from factcheck.store.ingest import ingest
    from factcheck.text.extract import extract, extract_file
    from factcheck.text.reader import read_article
