#!/usr/bin/env python3
"""Checks that docs/ref/openapi.yaml is well-formed as a whole: it parses as YAML, has no
merge leftovers, and every $ref points at a component that exists. The route table test
(src/api/openapi_test.cc) checks the paths; this one checks the rest of the file.
Usage: check-openapi.py FILE. Exit 0 when sound, 1 with one line per problem."""
import sys

import yaml


def refs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out.append(v)
            else:
                refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def main(path):
    text = open(path, encoding="utf-8").read()
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
            problems.append(f"{path}:{n}: a merge conflict marker")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        problems.append(f"{path}: not valid YAML: {e}")
        doc = None
    if isinstance(doc, dict):
        for key in ("openapi", "info", "paths", "components"):
            if key not in doc:
                problems.append(f"{path}: no top-level '{key}'")
        found = []
        refs(doc, found)
        for ref in sorted(set(found)):
            node = doc
            for part in ref.lstrip("#/").split("/"):
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                problems.append(f"{path}: $ref '{ref}' points at nothing")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
