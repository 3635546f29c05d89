"""The OpenAPI schema builds cleanly and validates; Swagger UI and ReDoc are served locally."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

from tests.browser.conftest import chromium  # noqa: F401 - the headless Chromium fixture
from tests.browser.helpers import ConsoleErrors

EXPECTED_PATHS = {
    "/api/v1/auth/register/": {"post"},
    "/api/v1/auth/token/": {"post"},
    "/api/v1/profile/": {"get", "patch"},
    "/api/v1/scans/": {"get", "post"},
    "/api/v1/scans/{id}/": {"get", "delete"},
    "/api/v1/scans/{id}/image/": {"get"},
    "/api/v1/scans/{id}/retry/": {"post"},
    "/api/v1/scans/{id}/cancel/": {"post"},
    "/api/v1/generations/": {"get", "post"},
    "/api/v1/generations/{id}/": {"get", "delete"},
    "/api/v1/generations/{id}/retry/": {"post"},
    "/api/v1/generations/{id}/cancel/": {"post"},
    "/api/v1/recipes/": {"get"},
    "/api/v1/recipes/{id}/": {"get"},
    "/api/v1/recipes/{id}/favorite/": {"put", "delete"},
    "/api/v1/recipes/{id}/reviews/": {"get", "post"},
    "/api/v1/recipes/{id}/reviews/{review_pk}/": {"patch", "delete"},
    "/api/v1/recipes/{id}/add-to-shopping-list/": {"post"},
    "/api/v1/favorites/": {"get"},
    "/api/v1/history/": {"get"},
    "/api/v1/shopping-list/": {"get", "post"},
    "/api/v1/shopping-list/{id}/": {"patch", "delete"},
    "/api/v1/shopping-list/clear-checked/": {"post"},
    "/api/v1/prompt-variants/": {"get"},
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The schema as `manage.py spectacular` writes it: validated, and any warning is an error."""
    out = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(Path(out).read_text())


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every operation of the document, with "METHOD /path" to name it."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_schema_builds_without_warnings_and_lists_every_endpoint(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "AI Personal Chef API"
    paths = {
        path: {m for m in ops if m in {"get", "post", "put", "patch", "delete"}}
        for path, ops in schema["paths"].items()
    }
    assert paths == EXPECTED_PATHS


def test_the_schema_is_a_valid_openapi_document(schema: dict[str, Any]) -> None:
    """openapi-spec-validator checks what drf-spectacular's own check leaves out, such as a
    default that breaks its own format (register's e-mail once had `format: email`, `default: ''`).
    """
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    built = SchemaGenerator().get_schema(request=None, public=True)
    as_served = json.loads(OpenApiJsonRenderer().render(built))

    validate(as_served)
    validate(schema)


def test_every_job_status_in_the_schema_lists_waiting_and_cancelled(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    statuses = ["queued", "waiting", "running", "succeeded", "failed", "cancelled"]
    assert components["StatusEnum"]["enum"] == statuses
    with_status = {
        name: component["properties"]["status"]
        for name, component in components.items()
        if "status" in component.get("properties", {})
    }
    assert {"ScanOutput", "GenerationOutput", "HistoryItemOutput"} <= set(with_status)
    for name, status in with_status.items():
        assert status["allOf"] == [{"$ref": "#/components/schemas/StatusEnum"}], name
    for name in ("ScanOutput", "GenerationOutput"):
        description = with_status[name]["description"]
        assert "`waiting`: the AI is not reachable or busy" in description, name


def test_every_paginated_list_documents_its_paging_rules_and_their_400(
    schema: dict[str, Any],
) -> None:
    paginated = 0
    for where, operation in operations(schema):
        params = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        if "page_size" not in params:
            continue
        paginated += 1
        assert params["page"]["schema"]["minimum"] == 1, where
        assert params["page_size"]["schema"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 100,
            "default": 20,
        }, where
        assert "400" in params["page_size"]["description"], where
        assert "400" in operation["responses"], where
    assert paginated >= 7


def test_every_operation_is_documented_with_a_summary_and_error_bodies(
    schema: dict[str, Any],
) -> None:
    for where, operation in operations(schema):
        assert operation.get("summary"), f"{where} has no summary"
        errors = [code for code in operation["responses"] if code.startswith(("4", "5"))]
        assert errors, f"{where} documents no error response"
        for code in errors:
            body = operation["responses"][code]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Error"}, f"{where} {code}"


def test_every_json_answer_has_an_example(schema: dict[str, Any]) -> None:
    """Readers of the docs see a realistic body for every success and every error."""
    for where, operation in operations(schema):
        for code, response in operation["responses"].items():
            body = response.get("content", {}).get("application/json")
            if body is not None:
                assert body.get("examples"), f"{where} {code} has no example"


@pytest.mark.parametrize(
    "path", ["/api/v1/scans/", "/api/v1/generations/", "/api/v1/scans/{id}/retry/"]
)
def test_job_endpoints_document_202_location_and_rate_limit_headers(
    schema: dict[str, Any], path: str
) -> None:
    responses = schema["paths"][path]["post"]["responses"]
    assert "Location" in responses["202"]["headers"]
    assert "X-RateLimit-Remaining" in responses["202"]["headers"]
    assert "429" in responses


@pytest.mark.parametrize("path", ["/api/v1/scans/{id}/", "/api/v1/generations/{id}/"])
def test_job_polls_document_the_etag_and_the_304_it_earns(
    schema: dict[str, Any], path: str
) -> None:
    operation = schema["paths"][path]["get"]
    asked = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
    assert "If-None-Match" in asked
    responses = operation["responses"]
    assert "ETag" in responses["200"]["headers"]
    assert "ETag" in responses["304"]["headers"]
    assert "content" not in responses["304"]
    assert "If-None-Match" in operation["description"]


def test_schema_components_have_unique_meaningful_names(schema: dict[str, Any]) -> None:
    components = set(schema["components"]["schemas"])
    assert {
        "Error",
        "ScanOutput",
        "GenerationOutput",
        "GenerationCreateInputRequest",
        "RecipeOutput",
        "PaginatedRecipeOutputList",
        "ReviewOutput",
        "ShoppingItemOutput",
        "HistoryPageOutput",
    } <= components
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


@pytest.mark.django_db
def test_schema_endpoint_is_public(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1.0.0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "asset"),
    [
        ("/api/docs/", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/redoc/", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ],
)
def test_docs_pages_are_html_with_assets_from_this_site(
    client: Client, path: str, asset: str
) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f"/static/{asset}" in html
    assert "https://" not in html, "nothing is loaded from another site"
    assert finders.find(asset), "the asset ships with the site, no CDN"
    csp = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "worker-src 'self' blob:" in csp
    assert "script-src 'self';" in csp + ";", "scripts stay strict"


@pytest.mark.django_db
def test_swagger_init_script_is_served_separately_so_scripts_stay_strict(client: Client) -> None:
    response = client.get("/api/docs/", {"script": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


@pytest.mark.django_db
def test_only_the_docs_pages_relax_the_content_security_policy(client: Client) -> None:
    csp = client.get("/api/v1/recipes/")["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "worker-src" not in csp


# --- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "selector", "text"),
    [
        ("/api/docs/", ".swagger-ui .opblock-summary-path", "/api/v1/scans/"),
        ("/api/redoc/", "redoc h1, #redoc-container h1, .api-info h1", "AI Personal Chef API"),
    ],
)
def test_docs_render_under_the_content_security_policy(
    live_server: Any,
    chromium: Any,  # noqa: F811
    path: str,
    selector: str,
    text: str,
) -> None:
    """The pages draw the API in Chromium with no CSP violation or script error."""
    page = chromium.new_page()
    errors = ConsoleErrors().attach(page)

    page.goto(live_server.url + path)
    page.locator(selector).filter(has_text=text).first.wait_for(timeout=15_000)

    # ReDoc's "API docs by Redocly" footer always asks for its logo on cdn.redoc.ly; the policy
    # blocks it (the docs call no other site) and ReDoc then leaves the image out.
    blocked_vendor_logo = "cdn.redoc.ly/redoc/logo-mini.svg"
    messages = [m for m in errors.messages if blocked_vendor_logo not in m]
    assert messages == [], "\n".join(messages)
