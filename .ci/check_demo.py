"""Fail unless the demo printed the sample's 14 attributed claims.

Reads the demo's output on stdin: the claims table has one row per claim,
starting with its id and its attribution kind.
"""

import re
import sys

KINDS = ("reporter_assertion", "direct_quote", "indirect_quote", "press_release",
         "unnamed_source", "alleged", "not_a_claim")
ROW = re.compile(r"^\W*(\d+)\W+(" + "|".join(KINDS) + r")\b", re.MULTILINE)

output = sys.stdin.read()
rows = {int(claim_id): kind for claim_id, kind in ROW.findall(output)}
attributed = [k for k in rows.values() if k not in ("reporter_assertion", "not_a_claim")]
if sorted(rows) != list(range(1, 15)):
    sys.exit(f"demo printed claims {sorted(rows)}, expected the sample's 14")
print(f"demo printed 14 claims, {len(attributed)} of them attributed to a source")
