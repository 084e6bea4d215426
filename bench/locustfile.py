"""Locust scenario for bench/load.py: staff using the screens, and systems reading the API.

bench/load.py writes the targets (LOAD_TARGETS, JSON): for each staff login the pages that
login may open (home, family list, family records, search, session registers, dashboards),
and API tokens with the endpoints to read. Every simulated user runs at a constant rate so
that all together make LOAD_RATE requests a second. Each response's time and outcome is
appended to LOAD_RESULTS (one JSON line per request) for bench/load.py to summarise.
Only ever pointed at 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

from locust import HttpUser, constant_throughput, events, task

TARGETS: dict[str, Any] = json.loads(open(os.environ["LOAD_TARGETS"]).read())  # noqa: SIM115
RATE = float(os.environ.get("LOAD_RATE", "50"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
PER_USER = RATE / USERS
STAFF = itertools.cycle(TARGETS["staff"])
TOKENS = itertools.cycle(TARGETS["tokens"])
RESULTS = open(os.environ["LOAD_RESULTS"], "a", buffering=1)  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def record(request_type: str, name: str, response_time: float, exception: Any, response: Any, **_: Any) -> None:
    group = name.split(":", 1)[0]
    status = getattr(response, "status_code", 0)
    row = {"t": time.time(), "group": group, "name": name, "ms": response_time, "ok": exception is None}
    RESULTS.write(json.dumps({**row, "status": status}) + "\n")


def pick(weighted: list[list[Any]]) -> tuple[str, str]:
    """One [name, url, weight] row, at random by weight."""
    row = random.choices(weighted, weights=[w for _, _, w in weighted])[0]
    return row[0], row[1]


class Staff(HttpUser):
    """A member of staff signed in to the screens (demo login), opening pages."""

    weight = 1
    wait_time = constant_throughput(PER_USER)

    def on_start(self) -> None:
        self.login = next(STAFF)
        page = self.client.get("/accounts/login/", name="login:form")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.login["username"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login:post",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.login['username']} answered {response.status_code}")

    @task
    def page(self) -> None:
        name, url = pick(self.login["pages"])
        self.client.get(url, name=f"page:{name}")


class ApiReader(HttpUser):
    """A partner system reading the API with a bearer token."""

    weight = 1
    wait_time = constant_throughput(PER_USER)

    def on_start(self) -> None:
        self.token = next(TOKENS)

    @task
    def read(self) -> None:
        name, url = pick(TARGETS["api"])
        self.client.get(url, name=f"api:{name}", headers={"Authorization": f"Bearer {self.token}"})
