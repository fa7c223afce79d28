"""Print the set-up commands of README.md, one per line, in order.

CI runs exactly what a new user is told to run: the ```bash blocks of the
section "Two commands on a fresh machine" (first: install + demo, then: the
tests). Taking them from the README's own text means the two cannot drift.
"""

import re
import sys
from pathlib import Path

SECTION = "## Two commands on a fresh machine"


def setup_commands(readme: str) -> list[str]:
    body = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    commands = [block.strip() for block in re.findall(r"```bash\n(.*?)```", body, re.DOTALL)]
    if len(commands) != 2 or any("\n" in command for command in commands):
        sys.exit(f"README.md: '{SECTION}' must hold two one-line ```bash blocks")
    return commands


if __name__ == "__main__":
    print("\n".join(setup_commands(Path(sys.argv[1]).read_text("utf-8"))))
