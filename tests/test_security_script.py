"""`make security`'s pip-audit step, against a vulnerability database we control.

The real OSV service is not reachable from every network (it is not from CI's), so these tests
stand up an OSV-compatible API on 127.0.0.1 and point the script at it with PIP_AUDIT_OSV_URL,
the same setting a council uses for its own OSV mirror. They show the verdicts the script gives:
clean pins pass, a known vulnerability fails and names the package and its fix.
"""

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent

VULN = {
    "id": "PYSEC-2099-1",
    "summary": "A made-up flaw for the test",
    "affected": [
        {
            "package": {"name": "sqlparse", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


class FakeOsv(BaseHTTPRequestHandler):
    """Answers OSV's /v1/query: a vulnerability for the packages in `vulnerable`, else none."""

    vulnerable: set[str] = set()
    asked: list[dict] = []

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOsv.asked.append(query)
        body = {"vulns": [VULN]} if query["package"]["name"] in self.vulnerable else {}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def osv_url() -> Iterator[str]:
    FakeOsv.vulnerable, FakeOsv.asked = set(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


def audit(osv_url: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    lock = tmp_path / "requirements.lock"
    lock.write_text("# pinned\nsqlparse==0.5.3\nasgiref==3.9.1\n")
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "security.sh")],
        env={
            **os.environ,
            "VENV": str(VENV),
            "LOCK": str(lock),
            "PIP_AUDIT_OSV_URL": osv_url,
            "SECURITY_ONLY": "pip-audit",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_clean_pins_pass_and_every_pin_is_asked_about(osv_url, tmp_path):
    result = audit(osv_url, tmp_path, PIP_AUDIT_REQUIRED="1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip-audit: no known vulnerabilities" in result.stdout
    assert "2 of 2 packages audited, 0 vulnerable" in result.stderr
    assert {(q["package"]["name"], q["version"]) for q in FakeOsv.asked} == {
        ("sqlparse", "0.5.3"),
        ("asgiref", "3.9.1"),
    }
    assert "bandit" not in result.stdout


def test_a_known_vulnerability_fails_and_names_the_package_and_fix(osv_url, tmp_path):
    FakeOsv.vulnerable = {"sqlparse"}

    result = audit(osv_url, tmp_path)

    assert result.returncode == 1
    assert "!! sqlparse 0.5.3: PYSEC-2099-1 (fixed in 99.0)" in result.stderr
    assert "vulnerable dependencies" in result.stderr
