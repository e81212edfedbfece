#!/usr/bin/env python3
"""The code rules the test command holds Sources/ to, so nobody has to remember them:

1. no `try!`, and no force unwrap (`x!`, `as!`) beyond the ones listed, per file, in
   scripts/lint-baseline.txt (each a known invariant, to be removed over time; a file may only
   go down) — found by swift-format's NeverUseForceTry / NeverForceUnwrap rules (.swift-format);
2. no line longer than .swift-format's lineLength in Sources/ and Tests/;
3. no function or initialiser longer than 80 lines in Sources/.

    python3 scripts/lint.py [--update-baseline]

Prints each violation, then `lint: N passed, M failed`; exits non-zero on a failure.
"""
import collections, json, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
config = json.load(open(".swift-format"))
baseline_path = "scripts/lint-baseline.txt"
failures, passed = [], 0


def swift_files(top):
    for directory, _, files in os.walk(top):
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


# 1. Force unwraps and force tries, through swift-format's own rules.
lint = subprocess.run(["swift", "format", "lint", "--configuration", ".swift-format", "-r", "Sources"],
                      capture_output=True, text=True)
# swift-format exits non-zero only for its own errors (its findings are warnings): a missing
# subcommand or a parse failure must not pass as "no force unwraps".
if lint.returncode != 0 or "error:" in lint.stderr:
    sys.exit(f"lint: swift format lint failed (exit {lint.returncode}): {lint.stderr.strip()[:500]}")
unwraps = collections.Counter()
for line in lint.stderr.splitlines() + lint.stdout.splitlines():
    match = re.match(r"(.+?\.swift):\d+:\d+: \w+: \[(NeverForceUnwrap|NeverUseForceTry|NeverUseImplicitlyUnwrappedOptionals)\]", line)
    if match:
        if match.group(2) == "NeverForceUnwrap":
            unwraps[match.group(1)] += 1
        else:
            failures.append(line)
if "--update-baseline" in sys.argv:
    with open(baseline_path, "w") as f:
        f.write("# Force unwraps per file that predate the lint (scripts/lint.py); a count may only go down.\n")
        for path in sorted(unwraps):
            f.write(f"{path} {unwraps[path]}\n")
    print(f"wrote {baseline_path}: {sum(unwraps.values())} force unwraps in {len(unwraps)} files")
allowed = {}
for line in open(baseline_path):
    if line.strip() and not line.startswith("#"):
        path, count = line.split()
        allowed[path] = int(count)
for path, count in sorted(unwraps.items()):
    if count > allowed.get(path, 0):
        failures.append(f"{path}: {count} force unwraps, {allowed.get(path, 0)} allowed (scripts/lint-baseline.txt); "
                        "unwrap with guard/if let and an error, or state the invariant")
    else:
        passed += 1

# 2. Line length.
limit = config["lineLength"]
for top in ["Sources", "Tests"]:
    for path in swift_files(top):
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            if len(line.rstrip("\n")) > limit:
                failures.append(f"{path}:{number}: {len(line.rstrip())} characters, more than {limit}")
            else:
                passed += 1

# 3. Function length (a brace scanner: strings and comments stripped, good enough for this code).
declaration = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|class|final|override|"
                         r"mutating|nonisolated|convenience|required|@inlinable|@usableFromInline)\s+)*"
                         r"(?:func\s+(?:\w+|[^\s(<]+)\s*[(<]|init\??\s*[(<]|deinit\b|subscript\s*\()")
for path in swift_files("Sources"):
    lines = open(path, encoding="utf-8").read().split("\n")
    for start, text in enumerate(lines):
        if not declaration.match(text):
            continue
        depth, opened, end = 0, False, None
        for k in range(start, min(len(lines), start + 2000)):
            code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[k]).split("//")[0]
            for ch in code:
                if ch == "{":
                    depth, opened = depth + 1, True
                elif ch == "}":
                    depth -= 1
            if opened and depth <= 0:
                end = k
                break
            if not opened and k > start + 8:
                break
        if end is None:
            continue
        length = end - start + 1
        if length > 80:
            failures.append(f"{path}:{start + 1}: {text.strip()[:60]}… is {length} lines, more than 80; split it")
        else:
            passed += 1

for failure in failures:
    print(failure)
print(f"lint: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
