"""Error codes live in one table (api/openapi.yaml, generated into src/generated/error_table.hpp): every code the
sandbox answers with must be a row of it (ApiError takes its status from
there), and docs/errors.md must name every row, so the three cannot drift."""

import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
table = set(re.findall(r'\{"([A-Z_]+)", \d+, ErrorCode::', (root / "src/generated/error_table.hpp").read_text()))
used = set()
for path in list((root / "sandbox").glob("*.cpp")) + list((root / "sandbox").glob("*.hpp")):
    text = path.read_text(encoding="utf-8")
    used |= set(re.findall(r'(?:ApiError|with_status\(\d+,|not_found)\(?\s*"([A-Z_]+)"', text))
docs = (root / "docs/errors.md").read_text(encoding="utf-8")
problems = [f"the sandbox answers {c}, which is not in api/openapi.yaml (ErrorCode x-codes, generated into src/generated/error_table.hpp)" for c in sorted(used - table)]
problems += [f"docs/errors.md does not mention {c}" for c in sorted(table) if c not in docs]
if not used:
    problems.append("found no error codes in sandbox/: the pattern is out of date")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(used)} codes answered by the sandbox, all among the table's {len(table)}; docs/errors.md names every one")
