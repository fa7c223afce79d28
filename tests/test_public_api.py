"""The public API: one list of names, all typed, all importable, usable by a type checker.

A data team scripts against ``factcheck`` alone: every public function's
parameter and return types are public names too, enums and their string
values are accepted alike (a typo names the allowed words), the store closes
with a ``with`` block, and ``mypy --strict`` accepts a small user script.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import factcheck

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [name for name in factcheck.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", factcheck.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(factcheck, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        factcheck.no_such_thing  # noqa: B018


def test_all_is_built_from_one_list() -> None:
    source = (ROOT / "factcheck" / "__init__.py").read_text("utf-8")
    block = source[source.rindex("if TYPE_CHECKING:") :]
    written = re.findall(r"^    from [\w.]+ import (\w+) as (\w+)$", block, re.MULTILINE)
    public = [alias for _, alias in written if not alias.startswith("_")]
    # Each name is written once, as ``X as X`` (PEP 484's re-export form).
    assert all(name == alias for name, alias in written if not alias.startswith("_"))
    assert len(set(public)) == len(public)
    aliases = re.findall(r"^    (\w+) = _\w+$", block, re.MULTILINE)
    assert "verify_audit" in aliases
    assert sorted(factcheck.__all__) == sorted(["__version__", *aliases, *public])
    assert dir(factcheck) == sorted(factcheck.__all__)
    assert "_verify" not in factcheck.__all__


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from factcheck import *", namespace)  # noqa: S102
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(factcheck.__all__)


def _factcheck_types(annotation: object, found: set[type]) -> None:
    if isinstance(annotation, list | tuple):
        for item in annotation:
            _factcheck_types(item, found)
        return
    if typing.get_origin(annotation) is not None:
        _factcheck_types(list(typing.get_args(annotation)), found)
        return
    if isinstance(annotation, type) and annotation.__module__.startswith("factcheck"):
        found.add(annotation)


def test_every_parameter_and_return_type_is_public() -> None:
    namespace = {name: getattr(factcheck, name) for name in PUBLIC}
    missing: dict[str, list[str]] = {}
    functions = 0
    for name, value in namespace.items():
        if not inspect.isfunction(value):
            continue
        functions += 1
        found: set[type] = set()
        _factcheck_types(list(typing.get_type_hints(value, localns=namespace).values()), found)
        for kind in found:
            if namespace.get(kind.__name__) is not kind:
                missing.setdefault(f"{kind.__module__}.{kind.__name__}", []).append(name)
    assert functions > 40
    assert missing == {}


def test_the_typed_marker_ships() -> None:
    assert (ROOT / "factcheck" / "py.typed").is_file()
    wheel_config = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'packages = ["factcheck"]' in wheel_config  # py.typed sits in the package folder


USER_SCRIPT = '''
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import factcheck
from factcheck import ClaimOut, ExportFilters, ExportFormat, ExportResult, Store


def verified(store: Store) -> Iterator[ClaimOut]:
    filters = ExportFilters(states=["approved"], kinds=[factcheck.AttributionKind.DIRECT_QUOTE])
    yield from factcheck.iter_claims(store, filters)


def publish(url: str, folder: str) -> list[ExportResult]:
    with factcheck.open_store(url) as store:
        extraction: factcheck.Extraction = factcheck.extract("“Yes,” Ana said.")
        result: factcheck.IngestResult = factcheck.ingest(store, extraction)
        claim: ClaimOut | None = factcheck.next_for_review(store, by="rita")
        if claim is not None:
            factcheck.mark(store, claim_id=claim.id, by="rita", status="refuted")
            mixed = factcheck.EvidenceStatus.MIXED
            factcheck.mark(store, claim_id=claim.id, by="rita", status=mixed)
        report: factcheck.AuditReport = factcheck.verify_audit(store)
        assert report.ok and result.source_id > 0
        names = [c.stable_id for c in verified(store)]
        assert isinstance(names, list)
        when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        return [
            factcheck.export(store, output=f"{folder}/a.jsonl", format="jsonl", generated_at=when),
            factcheck.export(store, output=f"{folder}/a.csv", format=ExportFormat.CSV),
        ]


try:
    publish("sqlite:///x.db", ".")
except factcheck.FactcheckError as error:
    print(error)
'''


def test_mypy_strict_accepts_a_user_script(tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_catches_a_wrong_type_in_a_user_script(tmp_path: Path) -> None:
    # So the test above cannot pass by mypy seeing everything as Any.
    script = tmp_path / "wrong.py"
    script.write_text("import factcheck\nx: int = factcheck.extract('Hi.')\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert 'Incompatible types in assignment (expression has type "Extraction"' in done.stdout


def test_importing_factcheck_loads_no_heavy_library() -> None:
    probe = (
        "import sys, factcheck; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'pydantic', 'rich', 'blingfire', 'alembic', 'jsonschema', 'regex'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_module_imports_the_package_face_from_below() -> None:
    package = ROOT / "factcheck"
    upward = [
        str(path.relative_to(ROOT))
        for path in package.rglob("*.py")
        if path.parent != package
        and "cli" not in path.parts
        and re.search(
            r"^\s*from factcheck import (?!(?:workflow|errors|model|config)\b)",
            path.read_text("utf-8"),
            re.MULTILINE,
        )
    ]
    assert upward == []


def test_extract_through_the_public_name() -> None:
    text = "“We will appeal,” Ferreira said. “This ruling ignores the evidence.”"
    extraction = factcheck.extract(text)
    kinds = [claim.attribution.kind for claim in extraction.claims]
    assert kinds == [factcheck.AttributionKind.DIRECT_QUOTE] * 2
    assert {claim.attribution.speaker for claim in extraction.claims} == {"Ferreira"}


# --- enums and their string values -----------------------------------------------------


def _mentions(annotation: object, wanted: type) -> bool:
    if annotation is wanted or (isinstance(annotation, type) and issubclass(annotation, wanted)):
        return True
    return any(_mentions(arg, wanted) for arg in typing.get_args(annotation))


def test_every_parameter_taking_a_vocabulary_also_takes_its_words() -> None:
    from factcheck.model import Vocabulary

    namespace = {name: getattr(factcheck, name) for name in PUBLIC}
    strict = []
    checked = 0
    for name, value in namespace.items():
        if not inspect.isfunction(value):
            continue
        for parameter, annotation in typing.get_type_hints(value, localns=namespace).items():
            if parameter != "return" and _mentions(annotation, Vocabulary):
                checked += 1
                if not _mentions(annotation, str):
                    strict.append(f"{name}({parameter}: {annotation})")
    assert checked >= 8
    assert strict == []


def test_strings_work_where_enums_do(tmp_path: Path) -> None:
    from factcheck.model import Role

    with factcheck.open_store(f"sqlite:///{tmp_path / 'words.db'}") as store:
        factcheck.add_reviewer(store, handle="ana", role="admin")
        factcheck.add_reviewer(store, handle="rita", role=Role.REVIEWER, by="ana")
        factcheck.ingest(store, factcheck.extract("“Yes,” Ana said. “No,” Bo said."))
        claim = factcheck.list_claims(store, states=["pending"], kinds=["direct_quote"])[0]
        factcheck.take(store, claim_id=claim.id, by="rita")
        marked = factcheck.mark(store, claim_id=claim.id, by="rita", status="refuted")
        by_word = factcheck.list_claims(store, statuses=["refuted"])
        by_enum = factcheck.list_claims(store, statuses=[factcheck.EvidenceStatus.REFUTED])
        with pytest.raises(factcheck.InvalidChoice, match="allowed: unverified, supported"):
            factcheck.mark(store, claim_id=claim.id, by="rita", status="true")
        with pytest.raises(factcheck.InvalidChoice, match="'boss' is not a valid role"):
            factcheck.add_reviewer(store, handle="x", role="boss", by="ana")
        after = factcheck.get_claim(store, claim_id=claim.id)

    assert marked.status is factcheck.EvidenceStatus.REFUTED
    assert [c.id for c in by_word] == [c.id for c in by_enum] == [claim.id]
    assert after.version == marked.version  # the refused calls wrote nothing

VOCABULARIES = [
    factcheck.AttributionKind,
    factcheck.EvidenceStatus,
    factcheck.ReviewState,
    factcheck.Role,
    factcheck.SourceKind,
    factcheck.Stance,
    factcheck.ReviewAction,
    factcheck.ExportFormat,
]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_a_wrong_word_names_the_allowed_ones(vocabulary: type[factcheck.EvidenceStatus]) -> None:
    allowed = [member.value for member in vocabulary]
    assert [vocabulary(word) for word in allowed] == list(vocabulary)
    with pytest.raises(factcheck.InvalidChoice) as raised:
        vocabulary("nonsense")
    message = str(raised.value)
    assert message.startswith("'nonsense' is not a valid ")
    assert message.endswith("; allowed: " + ", ".join(allowed))
    assert isinstance(raised.value, factcheck.InputError | ValueError)


# Every CLI command and the library call that does its work: a new command without
# an entry here fails, so nothing the CLI does is missing from the library.
LIBRARY_FOR_COMMAND = {
    "extract": ["extract_file", "extraction_document"],
    "ingest": ["ingest_files"],
    "demo": ["ingest_sample"],
    "sources list": ["list_sources"],
    "sources show": ["get_source", "source_claims"],
    "claims list": ["list_claims", "iter_claims"],
    "claims show": ["show_claim"],
    "take": ["take"],
    "mark": ["mark"],
    "evidence add": ["add_evidence"],
    "evidence list": ["list_evidence"],
    "propose": ["propose"],
    "approve": ["approve"],
    "return": ["return_claim"],
    "dismiss": ["dismiss"],
    "reopen": ["reopen"],
    "history": ["history"],
    "review": ["next_for_review", "take", "mark", "add_evidence", "note", "propose"],
    "reviewers add": ["add_reviewer"],
    "reviewers list": ["list_reviewers"],
    "reviewers set-role": ["set_role"],
    "audit verify": ["verify_audit"],
    "audit checkpoint": ["audit_checkpoint"],
    "comment": ["comment"],
    "release": ["release"],
    "evidence remove": ["remove_evidence"],
    "reviewers deactivate": ["deactivate_reviewer"],
    "sources edit": ["edit_source"],
    "sources raw": ["raw_page"],
    "sources revisions": ["list_revisions"],
    "sources diff": ["diff_revisions"],
    "claims similar": ["similar_claims"],
    "suggestions list": ["suggestions"],
    "suggestions confirm": ["decide_suggestion"],
    "suggestions reject": ["decide_suggestion"],
    "export": ["export"],
    "import": ["import_file", "import_claimreview_file"],
    "schema list": ["load_schema"],
    "schema show": ["load_schema"],
    "schema validate": ["validate_file"],
    "report": ["write_report", "render_report"],
    "db upgrade": ["upgrade_database"],
    "db downgrade": ["downgrade_database"],
    "db current": ["database_status"],
    "db history": ["database_status"],
}


def _command_paths() -> list[str]:
    import click

    from factcheck.cli.main import cli

    paths = []
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        if isinstance(command, click.Group):
            paths += [f"{name} {sub}" for sub in command.list_commands(context)]
        else:
            paths.append(name)
    return paths


def test_every_cli_command_is_a_library_call() -> None:
    paths = _command_paths()
    known = set(LIBRARY_FOR_COMMAND)
    assert sorted(set(paths) - known) == [], "a CLI command with no library call listed"
    for path in paths:
        for name in LIBRARY_FOR_COMMAND[path]:
            assert name in factcheck.__all__, f"`factcheck {path}` needs factcheck.{name}"
