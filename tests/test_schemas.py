"""The JSON Schemas: valid 2020-12, self-contained, described, and in step with the code.

Meta-tests: every file in ``schemas/`` checks against the 2020-12 metaschema,
has an ``$id``, a description on every property and ``additionalProperties:
false`` on every object; every ``$ref`` resolves from the local files alone.
In-step tests: every enum equals the code's enum and every schema's
properties are exactly the fields of its pydantic model (both directions).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from referencing.exceptions import Unresolvable

from factcheck import model
from factcheck.exchange import models as docs
from factcheck.exchange.validate import (
    SCHEMA_NAMES,
    load_schema,
    registry,
    schema_uri,
    validate_document,
    validator,
)
from factcheck.resources import schemas_dir

ROOT = Path(__file__).resolve().parent.parent


def is_declaration(path: str) -> bool:
    """False inside ``if``/``then``: those restate properties as conditions."""
    return "/if" not in path and "/then" not in path


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema (dict) in a schema, with a JSON-pointer-ish path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def resolve(name: str, pointer: str) -> dict[str, Any]:
    """The subschema at ``pointer`` ("#/$defs/span") in schema ``name``."""
    resolved = registry().resolver(base_uri=schema_uri(name)).lookup(pointer)
    contents: dict[str, Any] = resolved.contents
    return contents


def properties(name: str, pointer: str = "#") -> set[str]:
    return set(resolve(name, pointer)["properties"])


def enum_of(name: str, pointer: str) -> set[str]:
    return set(resolve(name, pointer)["enum"])


def fields(model_class: type[BaseModel]) -> set[str]:
    return set(model_class.model_fields)


def values(enum: Any) -> set[str]:
    return {member.value for member in enum}


# --- meta-tests ----------------------------------------------------------------


def test_schema_folder_holds_exactly_the_known_schemas() -> None:
    files = sorted(p.name for p in schemas_dir().glob("*.json"))
    assert files == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12_with_an_id(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_uri(name)
    assert schema["description"]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description(name: str) -> None:
    undocumented = [
        f"{path}/properties/{prop}"
        for path, node in walk(load_schema(name))
        if isinstance(node.get("properties"), dict) and is_declaration(path)
        for prop, sub in node["properties"].items()
        if not (isinstance(sub, dict) and sub.get("description"))
    ]
    assert undocumented == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_object_forbids_unknown_properties(name: str) -> None:
    open_objects = [
        path
        for path, node in walk(load_schema(name))
        if "properties" in node
        and node.get("additionalProperties") is not False
        and is_declaration(path)
    ]
    assert open_objects == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_ref_resolves_from_the_local_files(name: str) -> None:
    resolver = registry().resolver(base_uri=schema_uri(name))
    refs = [node["$ref"] for _, node in walk(load_schema(name)) if "$ref" in node]
    for ref in refs:
        assert resolver.lookup(ref).contents, ref


def test_a_reference_outside_the_local_files_fails_instead_of_fetching() -> None:
    remote = Draft202012Validator(
        {"$ref": "https://schemas.example.org/elsewhere.schema.json"}, registry=registry()
    )
    with pytest.raises(Unresolvable):
        remote.is_valid({})


def test_format_checking_rejects_bad_dates_and_uris() -> None:
    check = validator("source")
    good = {
        "id": "source:" + "0" * 16,
        "kind": "news_article",
        "title": None,
        "url": "https://example.org/a",
        "publisher": None,
        "author": None,
        "published": "2024-02-29",
        "retrieved_at": "2024-05-01T10:00:00Z",
        "content_hash": "sha256:" + "0" * 64,
        "text": "",
    }
    assert check.is_valid(good)
    for field, bad in [
        ("retrieved_at", "2024-05-01 10:00"),
        ("retrieved_at", "2024-13-01T10:00:00Z"),
        ("published", "2023-02-29"),
        ("url", "https://example.org/a b"),
    ]:
        errors = list(check.iter_errors({**good, field: bad}))
        assert [e.validator for e in errors] == [
            "anyOf" if field != "retrieved_at" else "format"
        ], (
            field,
            bad,
        )


def test_validate_document_reports_json_paths() -> None:
    with pytest.raises(Exception) as caught:
        validate_document({"schema_version": "2.0", "claims": [{}]}, name="claimset")
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert problems[0] == "$: 'filters' is a required property"
    assert "$.schema_version: '1.0' was expected" in problems
    assert len(problems) == 6 and re.fullmatch(r"\.\.\. and \d+ more", problems[-1])


# --- in step with the code -------------------------------------------------------


ENUMS = [
    ("claim", "#/$defs/attribution_kind", model.AttributionKind),
    ("claim", "#/$defs/evidence_status", model.EvidenceStatus),
    ("claim", "#/$defs/review_state", model.ReviewState),
    ("source", "#/properties/kind", model.SourceKind),
    ("evidence", "#/$defs/stance", model.Stance),
    ("review-event", "#/properties/action", model.ReviewAction),
]


@pytest.mark.parametrize(("name", "pointer", "enum"), ENUMS, ids=[e[2].__name__ for e in ENUMS])
def test_schema_enums_equal_the_code_enums(name: str, pointer: str, enum: Any) -> None:
    assert enum_of(name, pointer) == values(enum)


def test_the_database_check_constraints_use_the_same_vocabulary() -> None:
    from factcheck.store.tables import Base

    checks = {
        constraint.name: constraint.sqltext.text
        for table in Base.metadata.tables.values()
        for constraint in table.constraints
        if constraint.name and "IN (" in str(getattr(constraint, "sqltext", ""))
    }
    in_database = {name: set(re.findall(r"'([a-z_]+)'", sql)) for name, sql in checks.items()}
    assert in_database["ck_claims_attribution_kind"] == enum_of("claim", "#/$defs/attribution_kind")
    assert in_database["ck_claims_review_state"] == enum_of("claim", "#/$defs/review_state")
    assert in_database["ck_evidence_stance"] == enum_of("evidence", "#/$defs/stance")


PAIRS = [
    ("claimset", "#", docs.ClaimSetDoc),
    ("claimset", "#/$defs/generator", docs.GeneratorDoc),
    ("claimset", "#/$defs/filters", docs.FiltersDoc),
    ("claim", "#", docs.ClaimDoc),
    ("claim", "#/$defs/span", model.Span),
    ("claim", "#/$defs/cue", model.Cue),
    ("claim", "#/$defs/attribution", model.Attribution),
    ("claim", "#/$defs/target", docs.TargetDoc),
    ("claim", "#/$defs/text_quote_selector", docs.TextQuoteSelector),
    ("claim", "#/$defs/text_position_selector", docs.TextPositionSelector),
    ("source", "#", docs.SourceDoc),
    ("evidence", "#", docs.EvidenceDoc),
    ("evidence", "#/$defs/link", docs.EvidenceLinkDoc),
    ("evidence", "#/$defs/link", model.EvidenceIn),
    ("review-event", "#", docs.ReviewEventDoc),
]


@pytest.mark.parametrize(
    ("name", "pointer", "model_class"), PAIRS, ids=[p[2].__name__ for p in PAIRS]
)
def test_schema_properties_are_exactly_the_model_fields(
    name: str, pointer: str, model_class: type[BaseModel]
) -> None:
    assert properties(name, pointer) == fields(model_class)


def test_extraction_models_are_covered_by_the_document_schemas() -> None:
    assert fields(model.ExtractedClaim) <= properties("claim")
    assert fields(model.SourceMeta) <= properties("source")


def test_every_schema_with_a_model_is_paired() -> None:
    assert set(docs.MODELS_BY_SCHEMA) == set(SCHEMA_NAMES) - {"claimreview"}
    for name, model_class in docs.MODELS_BY_SCHEMA.items():
        assert properties(name) == fields(model_class), name


def test_cli_schema_names_match_the_library() -> None:
    from factcheck.cli import schema as schema_cli

    assert schema_cli.SCHEMA_NAMES == SCHEMA_NAMES


# --- README examples -----------------------------------------------------------------


def readme_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```json\n(.*?)```", readme, re.DOTALL)


def test_the_readme_shows_json_examples() -> None:
    assert readme_blocks(), "README.md has no ```json example"


@pytest.mark.parametrize("block", readme_blocks())
def test_every_json_example_in_the_readme_validates(block: str) -> None:
    document = json.loads(block)
    assert validate_document(document) >= 1


# --- the fast validator agrees with the reference one ----------------------------------


def reviewed_claim() -> dict[str, Any]:
    """A reviewed claim document (evidence, history, proposer, approver), no database."""
    from _exchange_helpers import budget_extraction

    from factcheck.exchange.document import extraction_document

    claim: dict[str, Any] = extraction_document(budget_extraction())["claims"][0]
    link = {"url": "https://evidence.example.org/1", "stance": "supports", "title": "Yearbook"}
    event = {
        "seq": 1,
        "actor": "rita",
        "action": "add_evidence",
        "from_state": "in_review",
        "to_state": "in_review",
        "evidence_status": "supported",
        "note": None,
        "evidence": link,
        "created_at": "2024-05-01T10:00:00.123456Z",
        "prev_hash": None,
        "hash": "sha256:" + "a" * 64,
    }
    claim.update(
        evidence_status="supported",
        review_state="approved",
        note="checked",
        evidence=[{**link, "note": None, "added_by": "rita", "added_at": "2024-05-01T10:00:00Z"}],
        proposed_by="rita",
        proposed_at="2024-05-01T11:00:00Z",
        approved_by="ed",
        approved_at="2024-05-02T09:30:00Z",
        history=[event],
    )
    return claim


def mutations(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(description, mutated copy) for every value in ``node``: wrong types, bad formats,
    a removed key and an unknown key."""
    import copy

    if isinstance(node, dict):
        for key, value in node.items():
            for replacement in (None, 12345, -1, 0.5, "", "not a date", "https://x y", [], {}):
                mutated = copy.deepcopy(node)
                mutated[key] = replacement
                yield f"{path + (key,)} = {replacement!r}", mutated
            mutated = copy.deepcopy(node)
            del mutated[key]
            yield f"{path + (key,)} removed", mutated
            for description, inner in mutations(value, path + (key,)):
                mutated = copy.deepcopy(node)
                mutated[key] = inner
                yield description, mutated
        yield f"{path} + unknown key", {**node, "zzz": 1}
    elif isinstance(node, list):
        for index, value in enumerate(node):
            for description, inner in mutations(value, path + (index,)):
                mutated = list(node)
                mutated[index] = inner
                yield description, mutated


def source_document() -> dict[str, Any]:
    from _exchange_helpers import budget_extraction

    from factcheck.exchange.document import extraction_document

    source: dict[str, Any] = extraction_document(budget_extraction())["sources"][0]
    return source


def claim_review() -> dict[str, Any]:
    from factcheck.config import load_settings
    from factcheck.exchange.claimreview import claim_review as build
    from factcheck.exchange.collect import SourceInfo

    source = SourceInfo(
        row_id=1,
        content_hash="sha256:" + "0" * 64,
        kind="news_article",
        title="Budget",
        url="https://news.example.org/budget",
        publisher="The Example Times",
        author=None,
        published=None,
    )
    return build(
        reviewed_claim(),
        source,
        settings=load_settings(),
        url_for=lambda i: f"https://c.example.org/{i}",
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [("claim", reviewed_claim), ("source", source_document), ("claimreview", claim_review)],
)
def test_the_fast_validator_agrees_with_the_reference_on_every_mutation(
    name: str, build: Any
) -> None:
    from factcheck.exchange.validate import fast_validator

    instance = build()
    cases = [("valid", instance), *mutations(instance)]
    disagreements = [
        description
        for description, mutated in cases
        if fast_validator(name).is_valid(mutated) != validator(name).is_valid(mutated)
    ]
    assert validator(name).is_valid(instance)
    assert disagreements == []
    assert sum(not validator(name).is_valid(m) for _, m in cases) > 0.8 * len(cases) > 80
