"""axe-core in the browser tests: run it on a page, describe what it finds, save screenshots.

axe comes from npm (node_modules/axe-core), test-only: it is never served by the app. It is
evaluated in the page through the DevTools protocol, which our CSP (no inline or injected
scripts) does not govern, so the pages are checked as staff get them, CSP on.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture skips (or fails, with REQUIRE_BROWSER=1) without it

    class PlaywrightError(Exception):  # type: ignore[no-redef]
        pass


AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and everything below it: what the public-sector accessibility regulations ask for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(settings.BASE_DIR) / "artifacts" / "screenshots"))


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe on the page as it is now; a list of violations (empty when it passes)."""
    if not AXE.exists():
        raise AssertionError(f"axe-core is missing at {AXE}: run `make assets` (npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern: the
        # pages are checked exactly as staff get them, CSP included.
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "url": page.url,
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "").replace("\n", " ")[:300] if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    """A failure message a person can act on: where, which rule, how bad, which elements."""
    lines = [f"{len(violations)} accessibility violation(s) at WCAG 2.2 AA:"]
    for v in violations:
        lines.append(f"- {v['url']}: {v['id']} ({v['impact']}) {v['help']}")
        lines.extend(f"    at {target}" for target in v["targets"])
        if v["summary"]:
            lines.append(f"    {v['summary']}")
    return "\n".join(lines)


def screenshot(page: Any, name: str) -> Path:
    """The whole page, for a person to review: artifacts/screenshots/<role>-<screen>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def signed_in_context(browser: Any, live_server: Any, user: Any, **options: Any) -> Any:
    """A browser context already signed in as `user` (the session cookie of a test client's
    force_login), for sweeps where typing a password on every test would only cost time."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(**options)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context
