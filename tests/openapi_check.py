#!/usr/bin/env python3
"""Check recorded HTTP traffic against the OpenAPI document (docs/openapi.yaml).

    openapi_check.py SPEC LOG [LOG...] [--quiet] [--allow-unknown-paths]

LOG holds one JSON object per line, as tests/rewrite_proxy.py --log writes them: method,
path (with the query), headers (request, lower-cased names), body (request text), status,
response_headers and response_body. For each exchange:

- the operation is found by method and path template (a literal segment beats a {param});
  an exchange no operation matches is a violation (unless --allow-unknown-paths);
- the request body is validated against the operation's requestBody schema; schemas marked
  `x-closed-on-request: true` reject members the contract does not name (requests only);
- required header parameters are checked against their schema (Idempotency-Key on place);
- the response body is validated against the schema for its status (exact code, else
  default; skipped when a rewrite rule made the answer); an empty body is accepted only where the response declares no content or is a
  404 (a malformed id answers 404 with no body); an error answer must be a ProblemDetail
  whose status equals the HTTP status.

Every violation is printed with the log line number, method, path and status; the exit
status is 1 when there is any, 0 otherwise, 2 on bad usage and 77 (automake's skip) when
python3-jsonschema or python3-yaml is missing. Standard library + jsonschema + yaml only,
written against Debian 12's jsonschema 4.10 and newer ones alike.
"""

import argparse
import copy
import datetime
import decimal
import json
import re
import sys
import urllib.parse
import uuid
import warnings

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"openapi_check: skipped, {e.name} is missing (python3-jsonschema, python3-yaml)")
    sys.exit(77)

warnings.filterwarnings("ignore", category=DeprecationWarning)

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def format_checker():
    fc = jsonschema.FormatChecker()

    @fc.checks("money", raises=(ValueError, decimal.InvalidOperation))
    def money(instance):
        if isinstance(instance, bool) or not isinstance(instance, (int, float)):
            return True
        d = decimal.Decimal(repr(instance))
        if d != d.quantize(decimal.Decimal("0.01")):
            raise ValueError(f"{instance!r} has more than 2 decimals")
        return True

    @fc.checks("uuid", raises=ValueError)
    def is_uuid(instance):
        if not isinstance(instance, str):
            return True
        if not re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                            r"[0-9a-fA-F]{12}", instance):
            raise ValueError("not a canonical GUID")
        uuid.UUID(instance)
        return True

    @fc.checks("date-time", raises=ValueError)
    def date_time(instance):
        if not isinstance(instance, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", instance):
            raise ValueError("not an RFC 3339 date-time")
        datetime.datetime.fromisoformat(instance.replace("Z", "+00:00")[:19])
        return True

    @fc.checks("date", raises=ValueError)
    def date(instance):
        if isinstance(instance, str):
            datetime.date.fromisoformat(instance)
        return True

    @fc.checks("uri", raises=ValueError)
    def uri(instance):
        if isinstance(instance, str) and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", instance):
            raise ValueError("not an absolute URI")
        return True

    return fc


def closed(doc):
    """A copy of the spec where schemas marked x-closed-on-request refuse unknown members."""
    doc = copy.deepcopy(doc)

    def walk(node):
        if isinstance(node, dict):
            if node.get("x-closed-on-request") and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc.get("components", {}))
    return doc


def pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Spec:
    def __init__(self, doc):
        self.open = doc
        self.closed = closed(doc)
        self.fc = format_checker()
        self.ops = []  # (method, regex, template, operation, pointer prefix)
        for template, item in doc.get("paths", {}).items():
            segs = template.strip("/").split("/")
            rx = "^/" + "/".join("[^/]+" if re.fullmatch(r"\{[^}]+\}", s) else re.escape(s)
                                  for s in segs) + "$"
            literal = sum(1 for s in segs if not s.startswith("{"))
            for m in METHODS:
                if m in item:
                    self.ops.append((m.upper(), re.compile(rx), template, item[m], literal))

    def match(self, method, path):
        found = [op for op in self.ops if op[0] == method and op[1].match(path)]
        found.sort(key=lambda op: -op[4])
        return found[0] if found else None

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            ref = node["$ref"]
            target = self.open
            for part in ref.lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def errors(self, ref, instance, request):
        root = dict(self.closed if request else self.open)
        root["$ref"] = ref
        validator = jsonschema.Draft202012Validator(root, format_checker=self.fc)
        out = []
        for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                  for p in e.absolute_path)
            out.append(f"{where}: {short(e)}")
        return out


def short(err):
    """The most specific message of a (possibly oneOf) error, bounded in length."""
    if err.context:
        best = min(err.context, key=lambda e: (-len(e.absolute_path), len(e.message)))
        if len(best.absolute_path) > 0 or len(err.context) == 1:
            err = best
    msg = err.message
    return msg if len(msg) < 300 else msg[:297] + "..."


def content_schema(spec, content):
    """(media type, json pointer suffix) of the JSON schema in a content map, or None."""
    for media in ("application/json", "application/problem+json"):
        if media in (content or {}) and "schema" in content[media]:
            return media
    return None


def check_exchange(spec, rec, allow_unknown):
    out = []
    method = rec.get("method", "").upper()
    url = urllib.parse.urlsplit(rec.get("path", ""))
    path = url.path
    status = int(rec.get("status", 0))
    op = spec.match(method, path)
    if not op:
        if not allow_unknown:
            out.append(f"no operation in the spec for {method} {path}")
        return out
    _, _, template, operation, _ = op
    base = ("paths", template, method.lower())
    headers = {k.lower(): v for k, v in (rec.get("headers") or {}).items()}

    # Header parameters (Idempotency-Key...).
    for i, param in enumerate(operation.get("parameters", [])):
        p = spec.resolve(param)
        if p.get("in") != "header":
            continue
        value = headers.get(p["name"].lower())
        if value is None:
            if p.get("required"):
                out.append(f"request: header {p['name']} is missing")
            continue
        ref = ("components", "parameters", param["$ref"].rsplit("/", 1)[1], "schema") \
            if "$ref" in param else base + ("parameters", i, "schema")
        out += [f"request: header {p['name']} {e}" for e in spec.errors(pointer(*ref), value, True)]

    # Request body.
    body_spec = operation.get("requestBody")
    text = rec.get("body") or ""
    if body_spec:
        media = content_schema(spec, body_spec.get("content"))
        if not text.strip():
            if body_spec.get("required"):
                out.append("request: the body is required but empty")
        else:
            ctype = headers.get("content-type", "")
            if not ctype.split(";")[0].strip().lower() == "application/json":
                out.append(f"request: Content-Type is '{ctype}', not application/json")
            try:
                doc = json.loads(text)
            except ValueError as e:
                out.append(f"request: the body is not JSON ({e})")
            else:
                ref = pointer(*base, "requestBody", "content", media, "schema")
                out += ["request " + e for e in spec.errors(ref, doc, True)]
    elif text.strip():
        # An empty JSON object is the usual filler of a POST without a documented body.
        try:
            filler = json.loads(text) == {}
        except ValueError:
            filler = False
        if not filler:
            out.append("request: a body where the operation takes none")

    # Response body; an answer a rewrite rule made is the test's own, not the server's.
    if rec.get("rewritten"):
        return out
    responses = operation.get("responses", {})
    code = str(status)
    key = code if code in responses else ("default" if "default" in responses else None)
    if key is None:
        out.append(f"response: status {status} is not documented for this operation")
        return out
    resp = spec.resolve(responses[key])
    media = content_schema(spec, resp.get("content"))
    text = rec.get("response_body")
    if text is None:
        out.append("response: the log has no response_body (an old rewrite_proxy.py?)")
        return out
    rheaders = {k.lower(): v for k, v in (rec.get("response_headers") or {}).items()}
    if not text.strip():
        if media and status != 404:
            out.append(f"response: empty body where {media} is documented")
        return out
    if not media:
        if status == 204:
            out.append("response: a body on 204")
        return out
    ctype = rheaders.get("content-type", "").split(";")[0].strip().lower()
    if status >= 400 and ctype and ctype != "application/problem+json":
        out.append(f"response: an error with Content-Type {ctype}, not application/problem+json")
    try:
        doc = json.loads(text)
    except ValueError as e:
        out.append(f"response: the body is not JSON ({e}): {text[:80]!r}")
        return out
    if "$ref" in responses[key]:
        ref = pointer("components", "responses", responses[key]["$ref"].rsplit("/", 1)[1],
                      "content", media, "schema")
    else:
        ref = pointer(*base, "responses", key, "content", media, "schema")
    out += ["response " + e for e in spec.errors(ref, doc, False)]
    if status >= 400 and isinstance(doc, dict) and doc.get("status") not in (None, status):
        out.append(f"response $.status: {doc.get('status')} but the HTTP status is {status}")
    return out


def main():
    ap = argparse.ArgumentParser(description="Check JSON-lines traffic against an OpenAPI spec.")
    ap.add_argument("spec")
    ap.add_argument("logs", nargs="+")
    ap.add_argument("--quiet", action="store_true", help="no summary when all is well")
    ap.add_argument("--allow-unknown-paths", action="store_true")
    args = ap.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = Spec(yaml.safe_load(f))
    total = bad = 0
    seen = {}
    for log in args.logs:
        with open(log, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                total += 1
                try:
                    rec = json.loads(line)
                except ValueError as e:
                    print(f"{log}:{n}: not a JSON line ({e})")
                    bad += 1
                    continue
                op = spec.match(rec.get("method", "").upper(),
                                urllib.parse.urlsplit(rec.get("path", "")).path)
                if op:
                    name = op[3].get("operationId", op[2])
                    seen[name] = seen.get(name, 0) + 1
                problems = check_exchange(spec, rec, args.allow_unknown_paths)
                if problems:
                    bad += 1
                    print(f"{log}:{n}: {rec.get('method')} {rec.get('path')} -> {rec.get('status')}")
                    for p in problems:
                        print(f"    {p}")
    if bad or not args.quiet:
        ops = ", ".join(f"{k} {v}" for k, v in sorted(seen.items()))
        print(f"openapi_check: {total} exchanges, {bad} with violations; operations: {ops}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
