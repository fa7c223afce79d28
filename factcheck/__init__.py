"""factcheck: attributed claim extraction and review for newsroom fact-checkers.

The public API is the import block at the end of this file: one list, read by
type checkers as ordinary imports and, at run time, by :func:`_public_names`
(the "lazy loader from a stub" pattern of scientific-python's ``lazy_loader``),
which builds ``__all__`` and the lazy table from the same lines. So
``import factcheck`` (and the ``factcheck`` command's start-up) pays for
pydantic, SQLAlchemy or the sentence segmenter only when a name that needs
them is first used, and a public name is written once.

Every name is written ``X as X``: the form PEP 484 gives for re-exporting, so
a user's ``mypy --strict`` accepts ``factcheck.X``.
"""

from __future__ import annotations

from importlib import import_module

from factcheck._version import __version__ as __version__

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing would slow `factcheck --help`
if TYPE_CHECKING:
    from typing import Any

_TABLE: dict[str, tuple[str, str]] | None = None


def _public_names() -> dict[str, tuple[str, str]]:
    """Public name → (module, attribute), read from the import block below.

    Two line shapes: ``from M import N as A`` (A is public unless it starts
    with ``_``) and ``A = _B`` (a public alias of a private import).
    """
    global _TABLE
    if _TABLE is None:
        import re
        from pathlib import Path

        source = Path(__file__).read_text(encoding="utf-8")
        block = source[source.rindex("if TYPE_CHECKING:") :]
        imports = {
            alias: (module, name)
            for module, name, alias in re.findall(
                r"^    from ([\w.]+) import (\w+) as (\w+)$", block, re.MULTILINE
            )
        }
        aliases = re.findall(r"^    (\w+) = (_\w+)$", block, re.MULTILINE)
        table = {alias: target for alias, target in imports.items() if not alias.startswith("_")}
        table.update((alias, imports[private]) for alias, private in aliases)
        _TABLE = table
    return _TABLE


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return ["__version__", *sorted(_public_names())]
    target = _public_names().get(name)
    if target is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    module, attribute = target
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return ["__version__", *sorted(_public_names())]


if TYPE_CHECKING:  # the public API: one list (see the module docstring)
    from factcheck.config import Settings as Settings
    from factcheck.config import load_settings as load_settings
    from factcheck.errors import ConfigError as ConfigError
    from factcheck.errors import DatabaseError as DatabaseError
    from factcheck.errors import FactcheckError as FactcheckError
    from factcheck.errors import InputError as InputError
    from factcheck.errors import InvalidChoice as InvalidChoice
    from factcheck.errors import NotFound as NotFound
    from factcheck.errors import OutputError as OutputError
    from factcheck.errors import PermissionDenied as PermissionDenied
    from factcheck.errors import SchemaOutOfDate as SchemaOutOfDate
    from factcheck.errors import StaleWrite as StaleWrite
    from factcheck.errors import ValidationFailed as ValidationFailed
    from factcheck.errors import WorkflowError as WorkflowError
    from factcheck.exchange.collect import ExportFilters as ExportFilters
    from factcheck.exchange.collect import iter_claims as iter_claims
    from factcheck.exchange.document import extraction_document as extraction_document
    from factcheck.exchange.export import ExportFormat as ExportFormat
    from factcheck.exchange.export import ExportResult as ExportResult
    from factcheck.exchange.export import export as export
    from factcheck.exchange.importer import ImportResult as ImportResult
    from factcheck.exchange.importer import import_document as import_document
    from factcheck.exchange.claimreview_import import import_claimreview_file as import_claimreview_file
    from factcheck.exchange.importer import import_file as import_file
    from factcheck.exchange.validate import FileValidation as FileValidation
    from factcheck.exchange.validate import load_schema as load_schema
    from factcheck.exchange.validate import validate_document as validate_document
    from factcheck.exchange.validate import validate_file as validate_file
    from factcheck.inputs import load_article as load_article
    from factcheck.inputs import FetchOptions as FetchOptions
    from factcheck.inputs import InputFormat as InputFormat
    from factcheck.inputs import LoadedArticle as LoadedArticle
    from factcheck.inputs import Provenance as Provenance
    from factcheck.model import Article as Article
    from factcheck.model import Attribution as Attribution
    from factcheck.model import AttributionKind as AttributionKind
    from factcheck.model import Cue as Cue
    from factcheck.model import EvidenceIn as EvidenceIn
    from factcheck.model import EvidenceStatus as EvidenceStatus
    from factcheck.model import ExtractedClaim as ExtractedClaim
    from factcheck.model import Extraction as Extraction
    from factcheck.model import ReviewAction as ReviewAction
    from factcheck.model import ReviewState as ReviewState
    from factcheck.model import Role as Role
    from factcheck.model import SourceKind as SourceKind
    from factcheck.model import SourceMeta as SourceMeta
    from factcheck.model import Span as Span
    from factcheck.model import Stance as Stance
    from factcheck.report import render_report as render_report
    from factcheck.report import write_report as write_report
    from factcheck.store.audit import AuditReport as AuditReport
    from factcheck.store.audit import BrokenLink as BrokenLink
    from factcheck.store.audit import Checkpoint as Checkpoint
    from factcheck.store.audit import checkpoint as _checkpoint
    from factcheck.store.audit import verify as _verify
    from factcheck.store.claims import ClaimDetail as ClaimDetail
    from factcheck.store.claims import ClaimOut as ClaimOut
    from factcheck.store.claims import EventOut as EventOut
    from factcheck.store.claims import EvidenceOut as EvidenceOut
    from factcheck.store.claims import get_claim as get_claim
    from factcheck.store.claims import history as history
    from factcheck.store.claims import list_claims as list_claims
    from factcheck.store.claims import list_evidence as list_evidence
    from factcheck.store.claims import show_claim as show_claim
    from factcheck.store.engine import Store as Store
    from factcheck.store.engine import open_store as open_store
    from factcheck.store.ingest import FileOutcome as FileOutcome
    from factcheck.store.ingest import IngestResult as IngestResult
    from factcheck.store.ingest import ingest as ingest
    from factcheck.store.ingest import ingest_files as ingest_files
    from factcheck.store.ingest import ingest_sample as ingest_sample
    from factcheck.store.migrate import DatabaseStatus as DatabaseStatus
    from factcheck.store.migrate import MigrationResult as MigrationResult
    from factcheck.store.migrate import database_status as database_status
    from factcheck.store.migrate import downgrade_database as downgrade_database
    from factcheck.store.migrate import upgrade_database as upgrade_database
    from factcheck.store.matching import FactCheckIn as FactCheckIn
    from factcheck.store.matching import Match as Match
    from factcheck.store.matching import Suggestion as Suggestion
    from factcheck.store.matching import add_fact_checks as add_fact_checks
    from factcheck.store.matching import decide as _decide_suggestion
    from factcheck.store.matching import match_text as match_text
    from factcheck.store.matching import similar_claims as similar_claims
    from factcheck.store.matching import suggestions as suggestions
    from factcheck.store.people import ReviewerOut as ReviewerOut
    from factcheck.store.people import add_reviewer as add_reviewer
    from factcheck.store.people import deactivate as _deactivate
    from factcheck.store.people import get_reviewer as get_reviewer
    from factcheck.store.people import list_reviewers as list_reviewers
    from factcheck.store.people import set_role as set_role
    from factcheck.store.queue import next_for_review as next_for_review
    from factcheck.store.review import add_evidence as add_evidence
    from factcheck.store.review import approve as approve
    from factcheck.store.review import comment as comment
    from factcheck.store.review import dismiss as dismiss
    from factcheck.store.review import mark as mark
    from factcheck.store.review import note as note
    from factcheck.store.review import propose as propose
    from factcheck.store.review import release as release
    from factcheck.store.review import remove_evidence as remove_evidence
    from factcheck.store.review import reopen as reopen
    from factcheck.store.review import return_claim as return_claim
    from factcheck.store.review import take as take
    from factcheck.store.revisions import DiffClaim as DiffClaim
    from factcheck.store.revisions import DiffEntry as DiffEntry
    from factcheck.store.revisions import RevisionDiff as RevisionDiff
    from factcheck.store.revisions import RevisionInfo as RevisionInfo
    from factcheck.store.revisions import VanishedClaim as VanishedClaim
    from factcheck.store.revisions import diff_revisions as diff_revisions
    from factcheck.store.revisions import list_revisions as list_revisions
    from factcheck.store.revisions import vanished_approved as vanished_approved
    from factcheck.store.sources import SourceClaim as SourceClaim
    from factcheck.store.sources import SourceDetail as SourceDetail
    from factcheck.store.sources import SourceMetaUpdate as SourceMetaUpdate
    from factcheck.store.sources import SourceSummary as SourceSummary
    from factcheck.store.sources import edit_source as edit_source
    from factcheck.store.sources import get_source as get_source
    from factcheck.store.sources import list_sources as list_sources
    from factcheck.store.sources import raw_page as raw_page
    from factcheck.store.sources import source_claims as source_claims
    from factcheck.text.extract import extract as extract
    from factcheck.text.extract import extract_article as extract_article
    from factcheck.text.extract import extract_file as extract_file
    from factcheck.text.reader import read_article as read_article
    from factcheck.text.reader import read_text as read_text

    verify_audit = _verify
    audit_checkpoint = _checkpoint
    deactivate_reviewer = _deactivate
    decide_suggestion = _decide_suggestion
