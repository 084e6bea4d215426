"""The API documentation (Swagger UI) draws the schema in a real browser under our strict CSP."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_under_the_csp(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked_scripts: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked_scripts.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text
            else None
        ),
    )
    try:
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".swagger-ui .info .title")
        assert "Core Purpose API" in page.inner_text(".swagger-ui .info .title")
        # The operations are listed, so the schema was fetched and parsed.
        page.wait_for_selector("text=/api/v1/families/")
        assert blocked_scripts == []
    finally:
        context.close()
