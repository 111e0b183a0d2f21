"""Writes site/openapi.json, the OpenAPI 3.1 description of the native API, from template.yaml's routes and the
request/response shapes below (which mirror the Rust types in functions/core). A test checks that every route
of the template is described with the right security, and schemathesis checks every answer against it.

Run: .venv/bin/python infra/openapi/build.py          (--check: fail if the file is out of date)
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Routes come from template.yaml (only the fields needed here; the template is the single source of truth).
def routes():
    text = (ROOT / "template.yaml").read_text()
    found = []
    for block in re.split(r"\n  (?=[A-Z][A-Za-z0-9]+:\n    Type: AWS::Serverless::Function)", text):
        if "Type: AWS::Serverless::Function" not in block:
            continue
        binary = re.search(r"Binary: (\S+)", block).group(1)
        description = re.search(r"Description: (.+)", block).group(1)
        for event in re.finditer(r"Type: HttpApi\n\s+Properties:\n((?:\s{12,}.+\n)+)", block):
            props = event.group(1)
            path = re.search(r"Path: (\S+)", props).group(1)
            method = re.search(r"Method: (\S+)", props).group(1).lower()
            secured = "Authorizer: CognitoAuthorizer" in props
            found.append((method, path, binary, description.split(" - ", 1)[-1], secured))
    return found

# The creating routes that take an Idempotency-Key: their kind in the Rust route table.
def creating_binaries():
    text = (ROOT / "functions/core/src/routes.rs").read_text()
    return set(re.findall(r'"([a-z0-9-]+)" => [\w:]+, Creating\b', text))

CREATING = creating_binaries()

S = lambda **kw: {"type": "string", **kw}
N = {"type": "number"}
I = {"type": "integer"}
B = {"type": "boolean"}
NAME = {"type": "object", "properties": {"bg": S(), "en": S()}, "required": ["bg", "en"]}
NULLABLE = lambda schema: {"anyOf": [schema, {"type": "null"}]}
NUMBER_PATTERN = r"^\s*\d{4}-\d{1,6}\s*$"

components = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details; `errors` names each field at fault.",
        "properties": {
            "type": S(), "title": S(), "status": I, "detail": S(),
            "errors": {"type": "array", "items": {"type": "object", "properties": {"field": S(), "code": S(), "message": S()}, "required": ["field", "code", "message"]}},
        },
        "required": ["type", "title", "status"],
    },
    "GatewayMessage": {"type": "object", "properties": {"message": S()}, "required": ["message"]},
    "Registered": {
        "type": "object",
        "properties": {"number": S(pattern=r"^\d{4}-\d{6}$"), "registered_at": S(), "registered_on": S(), "status": S(), "follow_url": S()},
        "required": ["number", "registered_at", "registered_on", "status", "follow_url"],
    },
    "Location": {"type": "object", "properties": {"lat": N, "lon": N, "address": S(maxLength=300), "district": S(description="a district id from the catalogue, for an address without a point")}, "additionalProperties": False},
    "NewSignal": {
        "type": "object",
        "properties": {"category": S(), "type": S(), "location": {"$ref": "#/components/schemas/Location"}, "description": S(minLength=10, maxLength=4000), "email": S(), "name": S(maxLength=200), "website": S(maxLength=0, description="honeypot: leave empty")},
        "required": ["category", "type", "location", "description"],
        "additionalProperties": False,
    },
    "NewQuestion": {
        "type": "object",
        "properties": {"topic": S(), "description": S(minLength=10, maxLength=4000), "email": S(), "name": S(), "website": S(maxLength=0, description="honeypot: leave empty")},
        "required": ["topic", "description"], "additionalProperties": False,
    },
    "NewWritten": {
        "type": "object",
        "properties": {"kind": S(enum=["letter", "complaint", "proposal", "access_request"]), "title": S(minLength=3, maxLength=200), "description": S(minLength=10, maxLength=20000), "addressee": S(), "name": S(), "phone": S(), "address": S()},
        "required": ["kind", "title", "description"], "additionalProperties": False,
    },
    "DocumentView": {
        "type": "object",
        "properties": {
            "number": S(), "registered_at": S(), "registered_on": S(), "kind": S(), "kind_label": NAME, "status": S(), "status_label": NAME,
            "unit": {"type": "object", "properties": {"id": S(), "name": NULLABLE(NAME)}}, "viewer": S(enum=["public", "sender"]),
            "description": S(), "history": {"type": "array"}, "photos": {"type": "array"}, "subscribers": I,
        },
        "required": ["number", "registered_at", "kind", "status", "status_label", "unit", "viewer"],
    },
    "FeatureCollection": {"type": "object", "properties": {"type": S(const="FeatureCollection"), "days": I, "truncated": B, "features": {"type": "array"}}, "required": ["type", "features"]},
    "Overview": {"type": "object", "properties": {"last_30_days": {"type": "object"}, "this_year": {"type": "object"}, "all_time": {"type": "object"}, "median_days_to_resolution": {"type": "array"}}, "required": ["last_30_days", "this_year", "all_time"]},
    "Catalogue": {"type": "object", "properties": {"version": I, "units": {"type": "array"}, "districts": {"type": "array"}, "signal_categories": {"type": "array"}, "information_topics": {"type": "array"}}, "required": ["signal_categories", "information_topics", "units", "districts"]},
    "Tokens": {"type": "object", "properties": {"id_token": S(), "access_token": S(), "refresh_token": S(), "expires_in": I, "token_type": S()}, "required": ["id_token", "access_token", "expires_in"]},
    "Status": {"type": "object", "properties": {"status": S()}, "required": ["status"]},
    "MfaStep": {
        "type": "object",
        "description": "The sign-in needs another step: `next: new_password_required` (an invited staff member's first sign-in: send email, session and new_password), `mfa: code_required` (send email, session and code) or, for operators and admins without an app, `mfa: setup_required` (add the secret to an app, then send email, password and its first code).",
        "properties": {"next": S(enum=["new_password_required"]), "mfa": S(enum=["code_required", "setup_required"]), "session": S(), "secret": S(), "otpauth_uri": S()},
    },
    "Anything": {"type": "object"},
}

REQUEST_BODIES = {
    "create-signal": "NewSignal", "create-question": "NewQuestion", "create-written": "NewWritten",
}
RESPONSES = {
    "get-catalogue": "Catalogue", "create-signal": "Registered", "create-question": "Registered", "create-written": "Registered",
    "get-document": "DocumentView", "my-document": "DocumentView", "get-map": "FeatureCollection", "get-overview": "Overview",
    "account-login": "Tokens", "account-refresh": "Tokens",
}
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}

def operation(method, path, binary, summary, secured):
    success = "201" if binary.startswith(("create-", "request-", "admin-issue", "admin-create")) else "200"
    schema = {"$ref": f"#/components/schemas/{RESPONSES.get(binary, 'Anything')}"}
    responses = {
        success: {"description": summary, "content": {"application/json": {"schema": schema}}},
        "4XX": {"description": "Bad input, not found, not allowed, conflict: a problem naming the field", "content": {**PROBLEM, "application/json": {"schema": {"$ref": "#/components/schemas/GatewayMessage"}}}},
        "503": {"description": "Busy: try again after Retry-After", "content": PROBLEM},
    }
    if binary == "get-feed":
        responses[success] = {"description": summary, "content": {"application/atom+xml": {"schema": {"type": "string"}}}}
    if binary in ("subscribe", "subscribe-area"):
        responses["200"] = {"description": "already subscribed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Anything"}}}}
    if binary == "account-login":
        responses["202"] = {"description": "an authenticator code is needed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MfaStep"}}}}
    if binary in ("account-register", "account-forgot-password"):
        responses = {"202": {"description": summary, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}, **{k: v for k, v in responses.items() if k != success}}
    op = {"operationId": binary + ("" if method != "post" or not path.startswith("/api/me/") or binary not in ("create-signal", "create-question") else "-signed-in"), "summary": summary, "responses": responses}
    params = [{"name": name, "in": "path", "required": True, "schema": S(pattern=NUMBER_PATTERN) if name == "number" else S()} for name in re.findall(r"\{(\w+)\}", path)]
    if binary in ("get-document", "request-photo-upload", "complete-photo-upload", "reopen-document"):
        params.append({"name": "X-Access-Token", "in": "header", "required": False, "schema": S(), "description": "the token from the access link"})
    if binary in CREATING:
        params.append({"name": "Idempotency-Key", "in": "header", "required": False, "schema": S(minLength=1, maxLength=128, pattern=r"^[!-~]+$"), "description": "the same key and body within 24 hours return the first answer and create nothing"})
    if params:
        op["parameters"] = params
    if binary in REQUEST_BODIES:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{REQUEST_BODIES[binary]}"}}}}
    elif method in ("post", "put", "delete") and not path.startswith("/open311/"):
        op["requestBody"] = {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}}
    if secured:
        op["security"] = [{"cognito": []}]
    if path.startswith("/open311/"):
        op["tags"] = ["Open311 GeoReport v2"]
        op["responses"] = {"default": {"description": "JSON or XML per the file's extension; errors as [{code, description}]"}}
    return op

def build():
    paths = {}
    for method, path, binary, summary, secured in routes():
        paths.setdefault(path, {})[method] = operation(method, path, binary, summary, secured)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Контактен център на Столична община — API", "version": "1.0.0", "description": "The native API of the Sofia Municipality Contact Center. Errors are application/problem+json (RFC 9457)."},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": components, "securitySchemes": {"cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "A Cognito access token from /api/account/login"}}},
    }

if __name__ == "__main__":
    import sys

    out = ROOT / "site" / "openapi.json"
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if "--check" in sys.argv:
        if out.read_text() != text:
            sys.exit("site/openapi.json is out of date with template.yaml: run .venv/bin/python infra/openapi/build.py")
        print("site/openapi.json is up to date")
    else:
        out.write_text(text)
        print(f"wrote {out.relative_to(ROOT)}")
