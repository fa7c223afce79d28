"""The public API: every name in ``factcheck.__all__`` resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import factcheck


@pytest.mark.parametrize("name", factcheck.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(factcheck, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        factcheck.no_such_thing  # noqa: B018


def test_importing_factcheck_loads_no_heavy_library() -> None:
    probe = (
        "import sys, factcheck; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'pydantic', 'rich', 'blingfire', 'alembic', 'jsonschema'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_through_the_public_name() -> None:
    text = "“We will appeal,” Ferreira said. “This ruling ignores the evidence.”"
    extraction = factcheck.extract(text)
    kinds = [claim.attribution.kind for claim in extraction.claims]
    assert kinds == [factcheck.AttributionKind.DIRECT_QUOTE] * 2
    assert {claim.attribution.speaker for claim in extraction.claims} == {"Ferreira"}
