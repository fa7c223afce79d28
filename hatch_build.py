"""Build hook: compile the sentence splitter and attribution tagger with mypyc.

Why: the tagger is plain, fully annotated Python whose cost is spread thinly
over many small functions (profiled: no hot spot left to remove by hand).
Compiled by mypyc it runs about 1.4x faster with byte-identical output, which
takes extraction from ~0.43x to ~0.58x the bare segmenter's speed
(bench/bench_extract.py; tests/test_wheel.py checks the compiled tagger gives
the same claims as the pure one).

Only regular wheels are compiled. Editable installs stay pure Python, so a
developer's edits take effect at once instead of hiding behind a stale
extension module, and the in-place build products are removed from the source
tree once they are in the wheel for the same reason. Set
``FACTCHECK_PURE_PYTHON=1`` to build a pure wheel (e.g. without a C compiler).
"""

from __future__ import annotations

import os
from typing import Any

from hatch_mypyc.plugin import MypycBuildHook


class CompileTaggerHook(MypycBuildHook):
    """hatch-mypyc, skipped for editable installs and on request."""

    def _wanted(self, version: str) -> bool:
        return version != "editable" and not os.environ.get("FACTCHECK_PURE_PYTHON")

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self._wanted(version):
            super().initialize(version, build_data)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._wanted(version):
            # The extension modules are in the wheel now; left beside the
            # sources they would shadow the .py files in a checkout.
            self.clean([version])


def get_build_hook() -> type[MypycBuildHook]:
    return CompileTaggerHook
