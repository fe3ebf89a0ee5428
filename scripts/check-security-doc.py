#!/usr/bin/env python3
"""docs/security.md and the fixtures agree: every section a fixture's `attack` cites is a heading
of docs/security.md, and every fixture the document names (in backticks) is in the manifest."""
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
doc = open(os.path.join(REPO, "docs/security.md"), encoding="utf-8").read()
manifest = json.load(open(os.path.join(REPO, "tests/fixtures/manifest.json"), encoding="utf-8"))
# The encrypted responses have their own manifest (tests/fixtures/encrypted/generate.py).
encrypted = json.load(open(os.path.join(REPO, "tests/fixtures/encrypted/manifest.json"), encoding="utf-8"))
manifest["cases"] = manifest["cases"] + encrypted["cases"]
# The SP protocol fixtures (tests/fixtures/sp/generate.py) cite and are named the same way.
manifest["cases"] += json.load(open(os.path.join(REPO, "tests/fixtures/sp/manifest.json"), encoding="utf-8"))["cases"]

sections = set(re.findall(r"^## (\d+)\. ", doc, re.M))
names = {c["name"] for c in manifest["cases"]}
problems = []
for case in manifest["cases"]:
    for cited in re.findall(r"§(\d+)", case.get("attack", "")):
        if cited not in sections:
            problems.append(f"{case['name']} cites docs/security.md §{cited}, which has no such section")
# Fixture names are snake_case words of which at least two are joined by '_'; codes are upper case.
for named in sorted(set(re.findall(r"`([a-z0-9]+(?:_[a-z0-9]+)+)`", doc))):
    if named not in names:
        problems.append(f"docs/security.md names `{named}`, which is not a fixture in tests/fixtures/{{,sp/,encrypted/}}"
                        "manifest.json")
for p in problems:
    print(p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"docs/security.md: {len(sections)} sections, every cited section and named fixture exists")
