"""factcheck: attributed claim extraction and review for newsroom fact-checkers.

The public API is re-exported here lazily, so ``import factcheck`` (and the
``factcheck`` command's start-up) does not pay for pydantic, SQLAlchemy or the
sentence segmenter until a name that needs them is used.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing would slow `factcheck --help`
if TYPE_CHECKING:
    from typing import Any

from factcheck._version import __version__

_EXPORTS: dict[str, str] = {
    # extraction
    "extract": "factcheck.text.extract",
    "extract_file": "factcheck.text.extract",
    "extract_article": "factcheck.text.extract",
    "read_article": "factcheck.text.reader",
    "read_text": "factcheck.text.reader",
    # storage
    "open_store": "factcheck.store.engine",
    "Store": "factcheck.store.engine",
    "ingest": "factcheck.store.ingest",
    "list_sources": "factcheck.store.sources",
    "get_source": "factcheck.store.sources",
    "list_claims": "factcheck.store.claims",
    "get_claim": "factcheck.store.claims",
    "show_claim": "factcheck.store.claims",
    "history": "factcheck.store.claims",
    # review workflow
    "take": "factcheck.store.review",
    "mark": "factcheck.store.review",
    "note": "factcheck.store.review",
    "add_evidence": "factcheck.store.review",
    "propose": "factcheck.store.review",
    "approve": "factcheck.store.review",
    "return_claim": "factcheck.store.review",
    "dismiss": "factcheck.store.review",
    "reopen": "factcheck.store.review",
    "add_reviewer": "factcheck.store.people",
    "list_reviewers": "factcheck.store.people",
    "set_role": "factcheck.store.people",
    "verify_audit": "factcheck.store.audit:verify",
    # exchange and report
    "export": "factcheck.exchange.export",
    "import_file": "factcheck.exchange.importer",
    "import_document": "factcheck.exchange.importer",
    "validate_document": "factcheck.exchange.validate",
    "validate_file": "factcheck.exchange.validate",
    "extraction_document": "factcheck.exchange.document",
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
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(import_module(module), attribute or name)
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
    from factcheck.exchange.document import extraction_document
    from factcheck.exchange.export import export
    from factcheck.exchange.importer import import_document, import_file
    from factcheck.exchange.validate import validate_document, validate_file
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
    from factcheck.store.audit import verify as verify_audit
    from factcheck.store.claims import get_claim, history, list_claims, show_claim
    from factcheck.store.engine import Store, open_store
    from factcheck.store.ingest import ingest
    from factcheck.store.people import add_reviewer, list_reviewers, set_role
    from factcheck.store.review import (
        add_evidence,
        approve,
        dismiss,
        mark,
        note,
        propose,
        reopen,
        return_claim,
        take,
    )
    from factcheck.store.sources import get_source, list_sources
    from factcheck.text.extract import extract, extract_article, extract_file
    from factcheck.text.reader import read_article, read_text
