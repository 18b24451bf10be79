"""The README's C++, C, Python and CMake snippets are taken from files the tests
compile or run: every line of such a snippet must stand, verbatim, in one of
the project's examples or consumer projects."""

import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
sources = {}
for pattern in ("examples/**/*.cpp", "examples/**/*.c", "examples/**/*.py", "tests/consumer/**/CMakeLists.txt"):
    for path in root.glob(pattern):
        sources[path] = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}

readme = (root / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```(cpp|c|python|cmake)\n(.*?)```", readme, re.S)
missing = []
for language, body in blocks:
    for line in body.splitlines():
        if line.strip() and not any(line.strip() in lines for lines in sources.values()):
            missing.append(f"[{language}] {line.strip()}")
if missing:
    print("README lines found in no compiled example:\n  " + "\n  ".join(missing))
    sys.exit(1)
print(f"{len(blocks)} README snippets, every line from a compiled example")
