"""The OpenAPI schema and its documentation page."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "bearerToken" in text
    assert "/api/v1/families/{id}/" in text


def test_the_schema_names_each_operations_scope_and_its_errors(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    families = schema["paths"]["/api/v1/families/{id}/"]["get"]
    assert "Scope: `families:read`" in families["description"]
    assert {"200", "400", "401", "403", "404", "429"} <= set(families["responses"])
    assert families["security"] == [{"bearerToken": []}]
    snapshots = schema["paths"]["/api/v1/indicator-snapshots/"]["get"]
    assert "304" in snapshots["responses"]
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_the_documentation_page_works_under_the_strict_csp(client):
    """No inline script or style: the page loads its assets and init script from our origin."""
    response = client.get("/api/v1/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts, "the page loads Swagger UI"
    for attributes, body in scripts:
        assert "src=" in attributes and not body.strip(), "an inline script would be blocked by the CSP"
    assert "style=" not in page
    assert "cdn." not in page and "https://" not in page
    init = re.search(r'src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    script = client.get(init)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


def test_generating_the_schema_runs_no_query(django_assert_num_queries):
    """`check --deploy` generates it, possibly before the database is ready."""
    from drf_spectacular.generators import SchemaGenerator

    with django_assert_num_queries(0):
        SchemaGenerator().get_schema(request=None, public=True)
