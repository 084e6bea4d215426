from __future__ import annotations

import pytest
from django.urls import reverse

from config import health


def test_healthz_reports_each_part_with_no_login(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert body["checks"]["broker"]["mode"].startswith("eager")


@pytest.mark.parametrize("part", ["database", "cache", "broker"])
def test_healthz_is_503_when_a_part_is_down(client, db, monkeypatch, part):
    def broken() -> dict[str, str]:
        raise ConnectionError("refused")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"][part] == {"status": "down", "error": "ConnectionError"}


def test_healthz_refuses_other_methods(client, db):
    assert client.post(reverse("healthz")).status_code == 405
