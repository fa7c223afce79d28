"""The JSON Schemas in ``schemas/``: loading, a local registry, validation.

Every schema has an ``$id`` under ``https://factcheck.invalid/schemas/`` (a
reserved domain: nothing is ever fetched from it) and refers to the others
with relative ``$ref``s. The :class:`referencing.Registry` built here holds
only the local files and has no retriever, so an unknown reference fails
instead of reaching for the network.

Validation runs the 2020-12 validator with the format checker. The
``jsonschema[format]`` extras must be installed: without them ``date-time`` and
``uri`` are not checked at all (RELIABILITY.md); :func:`validator` refuses to
run without them rather than pass bad dates silently.

A claim set is validated piece by piece (:func:`claimset_problems`): the
envelope against ``claimset`` with its arrays emptied, then each source and
each claim against its own schema, so an export can check every item as it
writes it and memory does not grow with the set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.errors import InputError, ValidationFailed
from factcheck.exchange.jsonio import DEFAULT_MAX_BYTES, parse_json, read_json_file, read_limited

SCHEMA_BASE = "https://factcheck.invalid/schemas/"
SCHEMA_NAMES = ("claimset", "claim", "source", "evidence", "review-event", "claimreview")
"""Every schema shipped in ``schemas/``, by short name (file ``<name>.schema.json``)."""

MAX_PROBLEMS = 5
"""How many problems an invalid document reports; the first few say enough."""

_REQUIRED_FORMATS = ("date", "date-time", "uri")


def schema_uri(name: str) -> str:
    """The ``$id`` of the schema called ``name``."""
    return f"{SCHEMA_BASE}{name}.schema.json"


def _check_name(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise InputError(f"no schema called {name!r}; choose one of: {', '.join(SCHEMA_NAMES)}")
    return name


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema called ``name`` (``claim``, ``claimset``, ...)."""
    from factcheck.resources import schemas_dir

    path = schemas_dir() / f"{_check_name(name)}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def schema_text(name: str) -> str:
    """The schema file's text, as shipped."""
    from factcheck.resources import schemas_dir

    return (schemas_dir() / f"{_check_name(name)}.schema.json").read_text(encoding="utf-8")


@cache
def registry() -> Any:
    """A :class:`referencing.Registry` of the local schemas only (never the network)."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [
        (
            schema_uri(name),
            Resource.from_contents(load_schema(name), default_specification=DRAFT202012),
        )
        for name in SCHEMA_NAMES
    ]
    return Registry().with_resources(resources).crawl()


@cache
def validator(name: str) -> Any:
    """A Draft 2020-12 validator for schema ``name`` that checks formats."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    checker = Draft202012Validator.FORMAT_CHECKER
    missing = [fmt for fmt in _REQUIRED_FORMATS if fmt not in checker.checkers]
    if missing:
        raise InputError(
            f"jsonschema cannot check {', '.join(missing)} formats; "
            "install the extras: pip install 'jsonschema[format]'"
        )
    return Draft202012Validator(load_schema(name), registry=registry(), format_checker=checker)


@cache
def fast_validator(name: str) -> Any:
    """The same schema compiled by ``jsonschema-rs``: what every item goes through.

    The reference validator above takes about 7 ms per exported claim, which
    is two hours for a million; this one takes about 25 µs. It reads the same
    files through its own registry, offline (a reference outside them fails),
    with format checking on. The reference validator still explains every
    failure, and the tests check that the two agree.
    """
    import jsonschema_rs

    resources = [(schema_uri(n), load_schema(n)) for n in SCHEMA_NAMES]
    return jsonschema_rs.Draft202012Validator(
        load_schema(name),
        validate_formats=True,
        registry=jsonschema_rs.Registry(resources),
        offline=True,
    )


def is_valid(instance: Any, name: str) -> bool:
    """True when ``instance`` matches schema ``name`` (fast path, no messages)."""
    return bool(fast_validator(name).is_valid(instance))


def _json_path(prefix: str, parts: Iterable[Any]) -> str:
    path = prefix
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _shorten(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def iter_problems(instance: Any, name: str, *, path: str = "$") -> Iterator[str]:
    """``"<json path>: <message>"`` for each way ``instance`` breaks schema ``name``.

    Nothing when the fast validator accepts it. Otherwise the reference
    validator's errors, in a stable order (by path, then message) so the first
    few shown to a user are the same every run.
    """
    if is_valid(instance, name):
        return
    errors = sorted(
        validator(name).iter_errors(instance),
        key=lambda e: (list(map(str, e.absolute_path)), e.message),
    )
    for error in errors:
        yield f"{_json_path(path, error.absolute_path)}: {_shorten(error.message)}"
    if not errors:  # the two implementations disagree: say what the fast one saw
        for fast_error in fast_validator(name).iter_errors(instance):
            yield f"{_json_path(path, fast_error.instance_path)}: {_shorten(fast_error.message)}"


def envelope(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its ``sources`` and ``claims`` emptied (for item-by-item checks)."""
    shell = dict(document)
    for key in ("sources", "claims"):
        if isinstance(shell.get(key), list):
            shell[key] = []
    return shell


def claimset_problems(document: Any) -> Iterator[str]:
    """Every schema problem of a claim-set document, envelope first, then item by item."""
    if not isinstance(document, dict):
        yield from iter_problems(document, "claimset")
        return
    yield from iter_problems(envelope(document), "claimset")
    for key, name in (("sources", "source"), ("claims", "claim")):
        items = document.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield from iter_problems(item, name, path=f"$.{key}[{index}]")


def first_problems(problems: Iterable[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, and a last line saying how many more there are."""
    shown: list[str] = []
    hidden = 0
    for problem in problems:
        if len(shown) < limit:
            shown.append(problem)
        else:
            hidden += 1
    if hidden:
        shown.append(f"... and {hidden} more")
    return shown


def detect_schema(document: Any) -> str:
    """Guess which schema a document is meant for (claim set or ClaimReview)."""
    sample = document[0] if isinstance(document, list) and document else document
    if isinstance(sample, dict):
        if "schema_version" in sample and "claims" in sample:
            return "claimset"
        if sample.get("@type") == "ClaimReview":
            return "claimreview"
        if "target" in sample and "attribution" in sample:
            return "claim"
    raise InputError("cannot tell which schema this document is for; pass --schema NAME")


def validate_document(document: Any, *, name: str | None = None) -> int:
    """Validate a whole document; return how many items (objects) were checked.

    ``name`` defaults to :func:`detect_schema`. A JSON array is validated item
    by item against an item schema (``claimreview``, ``claim``, ...).
    Raises :class:`ValidationFailed` listing the first few problems.
    """
    name = _check_name(name or detect_schema(document))
    if name == "claimset":
        problems = claimset_problems(document)
        count = 1 + sum(
            len(document.get(key) or [])
            if isinstance(document, dict) and isinstance(document.get(key), list)
            else 0
            for key in ("sources", "claims")
        )
    elif isinstance(document, list):
        problems = (
            p for i, item in enumerate(document) for p in iter_problems(item, name, path=f"$[{i}]")
        )
        count = len(document)
    else:
        problems = iter_problems(document, name)
        count = 1
    shown = first_problems(problems)
    if shown:
        raise ValidationFailed(f"document does not match {name}.schema.json", shown)
    return count


@dataclass(frozen=True)
class FileValidation:
    """A file that passed: which schema, and how many items were checked."""

    schema: str
    items: int


def _jsonl_problems(text: str, name: str) -> Iterator[str]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = parse_json(line)
        except InputError as exc:
            yield f"line {number}: {exc}"
            continue
        yield from iter_problems(item, name, path=f"line {number}: $")


def validate_file(
    path: str | Path, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> FileValidation:
    """Validate a JSON (or ``.jsonl``, line by line) file; see :func:`validate_document`."""
    if str(path).endswith(".jsonl"):
        name = _check_name(name or "claim")
        data = read_limited(path, max_bytes=max_bytes)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 (bad byte at offset {exc.start})") from None
        shown = first_problems(_jsonl_problems(text, name))
        if shown:
            raise ValidationFailed(f"{path} does not match {name}.schema.json", shown)
        return FileValidation(name, sum(1 for line in text.splitlines() if line.strip()))
    document = read_json_file(path, max_bytes=max_bytes)
    name = _check_name(name or detect_schema(document))
    try:
        return FileValidation(name, validate_document(document, name=name))
    except ValidationFailed as exc:
        raise ValidationFailed(f"{path} does not match {name}.schema.json", exc.problems) from None
