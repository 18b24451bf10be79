"""stubtest over the native module's stubs, mypy --strict over the examples and the package (no errors), and over
misuse.py, where each line marked `# expect: WORD` must be reported with
WORD in the message: the stubs catch a misspelt option, a wrong type, a
wrong model. Run with the staged package on MYPYPATH."""

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
stage = Path(sys.argv[1])
config = ROOT / "bindings/python/mypy.ini"  # enables Unpack[RequestOptions] on mypy 1.0
common = [sys.executable, "-m", "mypy", "--strict", "--config-file", str(config), "--no-error-summary",
          "--cache-dir", str(stage.parent / ".mypy_cache")]
env = {"MYPYPATH": str(stage), "PYTHONPATH": str(stage), "PATH": "/usr/bin:/bin"}

# stubtest: the stubs against the native module as it is built (signatures,
# names, keyword-only markers); pybind11's own machinery is allow-listed.
stubs = subprocess.run([sys.executable, "-m", "mypy.stubtest", "fapiao._fapiao", "--concise", "--mypy-config-file",
                        str(config), "--allowlist", str(HERE / "stubtest-allowlist.txt")],
                       capture_output=True, text=True, env=env, cwd=str(stage))
if stubs.returncode != 0:
    print(stubs.stdout, stubs.stderr)
    sys.exit("stubtest: fapiao/_fapiao.pyi differs from the native module")

clean = subprocess.run([*common, str(stage / "fapiao"), *map(str, sorted((ROOT / "examples/python").glob("*.py")))],
                       capture_output=True, text=True, env=env)
if clean.returncode != 0:
    print(clean.stdout, clean.stderr)
    sys.exit("mypy --strict found errors in the package or the examples")

# The partner portal (examples/portal) is an example too: its package and runner.
portal = subprocess.run([*common, "-p", "portal"], capture_output=True, text=True,
                        env=dict(env, MYPYPATH=f"{stage}:{ROOT / 'examples/portal'}"))
runner = subprocess.run([*common, str(ROOT / "examples/portal/run_portal.py")], capture_output=True, text=True,
                        env=dict(env, MYPYPATH=f"{stage}:{ROOT / 'examples/portal'}"))
if portal.returncode != 0 or runner.returncode != 0:
    print(portal.stdout, portal.stderr, runner.stdout, runner.stderr)
    sys.exit("mypy --strict found errors in the partner portal")

misuse = HERE / "misuse.py"
result = subprocess.run([*common, str(misuse)], capture_output=True, text=True, env=env)
reported = {}
for line in result.stdout.splitlines():
    m = re.match(r".*misuse\.py:(\d+): error: (.*)", line)
    if m:
        reported.setdefault(int(m.group(1)), []).append(m.group(2))
problems = []
for number, text in enumerate(misuse.read_text().splitlines(), 1):
    m = re.search(r"# expect: (\S+)", text)
    if m and not any(m.group(1) in msg for msg in reported.get(number, [])):
        problems.append(f"line {number}: expected an error naming {m.group(1)}, got {reported.get(number)}")
    if not m and number in reported:
        problems.append(f"line {number}: unexpected errors {reported[number]}")
if problems:
    print(result.stdout)
    sys.exit("\n".join(problems))
print(f"stubtest clean; mypy --strict: package, examples and portal clean; {len(reported)} misuses caught")
