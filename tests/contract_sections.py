#!/usr/bin/env python3
"""Every contract citation names an entry of x-sections in docs/openapi.yaml.

    contract_sections.py [TOP]

Comments cite the API contract by section: "§3.6", "§2.1-§2.4", "§6 Q7", "§6 Q7-Q9, Q16".
Each such section must be a key of the top-level `x-sections` mapping of TOP/docs/openapi.yaml
("§3.6", "§6 Q7"; a list or range of Q items stands for each item in it), so that a reader
can open the citation. Files read: the C, Python, shell, test and Markdown files under src/,
sandbox/, tests/ and bench/, docs/*.md, and docs/openapi.yaml itself. Also checked: every
entry has a title, a summary and a `see` list, and every `see` entry is a JSON pointer
("#/components/schemas/Amounts") that resolves in docs/openapi.yaml.

Every problem is printed as FILE:LINE: ...; the exit status is 1 when there is any, 0
otherwise, and 77 (automake's skip) when python3-yaml is missing. TOP defaults to
$TUI_SRCDIR, else the folder above this script's.
"""

import os
import re
import sys
import urllib.parse

try:
    import yaml
except ImportError:  # pragma: no cover
    print("contract_sections: skipped, yaml is missing (python3-yaml)")
    sys.exit(77)

SPEC = "docs/openapi.yaml"
TREES = ("src", "sandbox", "tests", "bench")
SUFFIXES = (".c", ".h", ".py", ".sh", ".test", ".md", ".am")
# "§6 Q7", "§ 3.6", "§6 Q7-Q9, Q16 and Q20": a section, maybe a Q item and more Q items.
CITE = re.compile(r"§ ?(\d+(?:\.\d+)*)(?: ?Q(\d+)((?:\s*(?:[-–,/]|and)\s*Q\d+)*))?")
MORE = re.compile(r"\s*([-–,/]|and)\s*Q(\d+)")
KEY = re.compile(r"§\d+(?:\.\d+)*(?: Q\d+)?")


def cited(line):
    """The x-sections keys a line cites, in order."""
    keys = []
    for m in CITE.finditer(line):
        section, q, more = m.group(1), m.group(2), m.group(3) or ""
        if q is None:
            keys.append(f"§{section}")
            continue
        items = [int(q)]
        for sep, n in MORE.findall(more):
            n = int(n)
            if sep in "-–" and items[-1] < n <= items[-1] + 50:
                items += range(items[-1] + 1, n + 1)
            else:
                items.append(n)
        keys += [f"§{section} Q{n}" for n in items]
    return keys


def sources(top):
    """Relative paths of the files whose citations are checked."""
    out = []
    for tree in TREES:
        for dirpath, dirnames, filenames in os.walk(os.path.join(top, tree)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            out += [os.path.relpath(os.path.join(dirpath, f), top)
                    for f in sorted(filenames) if f.endswith(SUFFIXES)]
    docs = os.path.join(top, "docs")
    if os.path.isdir(docs):
        out += [os.path.join("docs", f) for f in sorted(os.listdir(docs)) if f.endswith(".md")]
    out.append(SPEC)
    return out


def resolve(doc, ptr):
    """None when the JSON pointer (URI fragment form) resolves in doc, else why not."""
    if not ptr.startswith("#"):
        return "not a '#/...' pointer"
    node = doc
    for part in urllib.parse.unquote(ptr[1:]).split("/")[1:] if ptr != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return f"no '{part}' there"
    return None


def spec_lines(text):
    """Line of each x-sections key in the spec's text, and the text's lines."""
    lines = text.splitlines()
    where, inside = {}, False
    for n, line in enumerate(lines, 1):
        if re.match(r"x-sections:\s*$", line):
            inside = True
        elif inside and re.match(r"\S", line) and not line.startswith("#"):
            inside = False
        elif inside:
            m = re.match(r"  ['\"]?(§[^'\":]*)['\"]?:", line)
            if m:
                where[m.group(1)] = n
    return where, lines


def check_sections(doc, text):
    problems = []
    sections = doc.get("x-sections")
    if not isinstance(sections, dict) or not sections:
        return {}, [f"{SPEC}:1: no top-level x-sections mapping"]
    where, lines = spec_lines(text)
    for key, entry in sections.items():
        line = where.get(key, 1)
        at = f"{SPEC}:{line}: x-sections \"{key}\""
        if not KEY.fullmatch(str(key)):
            problems.append(f"{at}: not a section name like \"§3.6\" or \"§6 Q7\"")
        if not isinstance(entry, dict):
            problems.append(f"{at}: not a mapping with title, summary and see")
            continue
        for member in ("title", "summary"):
            if not isinstance(entry.get(member), str) or not entry[member].strip():
                problems.append(f"{at}: no {member}")
        see = entry.get("see")
        if not isinstance(see, list):
            problems.append(f"{at}: see is not a list of JSON pointers")
            continue
        for ptr in see:
            why = resolve(doc, ptr) if isinstance(ptr, str) else "not a string"
            if why:
                n = next((i for i in range(line, len(lines) + 1)
                          if isinstance(ptr, str) and ptr in lines[i - 1]), line)
                problems.append(f"{SPEC}:{n}: x-sections \"{key}\" see {ptr!r} does not "
                                f"resolve ({why})")
    return sections, problems


def main():
    sys.stdout.reconfigure(encoding="utf-8")  # the section sign, whatever the locale
    top = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TUI_SRCDIR") or \
        os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 2:
        print("usage: contract_sections.py [TOP]", file=sys.stderr)
        return 2
    with open(os.path.join(top, SPEC), encoding="utf-8") as f:
        text = f.read()
    doc = yaml.safe_load(text)
    sections, problems = check_sections(doc, text)
    keylines = set(spec_lines(text)[0].values())  # "§3.6": itself is no citation
    citations = files = 0
    used = set()
    for rel in sources(top):
        try:
            with open(os.path.join(top, rel), encoding="utf-8") as f:
                body = f.readlines()
        except (OSError, UnicodeDecodeError):
            continue
        found = False
        for n, line in enumerate(body, 1):
            if rel == SPEC and n in keylines:
                continue
            for key in cited(line):
                citations += 1
                found = True
                used.add(key)
                if key not in sections:
                    problems.append(f"{rel}:{n}: cites {key}, which x-sections in {SPEC} "
                                    "lacks")
        files += found
    for p in problems:
        print(p)
    print(f"contract_sections: {citations} citations of {len(used)} sections in {files} files; "
          f"{len(sections)} entries in x-sections; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
