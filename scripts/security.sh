#!/usr/bin/env bash
# `make security`: known vulnerabilities in the pinned runtime dependencies (pip-audit) and
# high-severity findings in our own code (bandit). Exits non-zero on either.
#
# pip-audit asks a vulnerability database over the network: OSV first (api.osv.dev, or the
# council's own OSV mirror named by PIP_AUDIT_OSV_URL), then PyPI's JSON API. When neither can
# answer for our pins (an offline or filtered network), the audit is not done: a loud warning,
# the runtime pins that have newer releases on the index (so a maintainer can still see what
# is behind), and a failure when PIP_AUDIT_REQUIRED=1.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
LOCK="${LOCK:-requirements.lock}"

# Vulnerabilities accepted for now, as "ID reason" (a written reason is required); none today.
IGNORED_VULNS=()

ignore_args=()
for entry in "${IGNORED_VULNS[@]}"; do ignore_args+=(--ignore-vuln "${entry%% *}"); done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

# Without a vulnerability database, the next best signal: which runtime pins are behind the
# newest release on the package index (a pin held back by another package's bounds shows too).
report_newer_releases() {
    "$VENV/bin/pip" list --outdated --format json 2>/dev/null >"$work/outdated.json"
    "$VENV/bin/python" - "$LOCK" "$work/outdated.json" <<'PY' || echo "   (the package index did not answer either)" >&2
import json, re, sys

def key(name):
    return name.lower().replace("_", "-")

lock = {key(re.split(r"[=<>\[; ]", line, maxsplit=1)[0])
        for line in open(sys.argv[1]) if line.strip() and not line.startswith(("#", "-"))}
behind = [p for p in json.load(open(sys.argv[2])) if key(p["name"]) in lock]
for p in behind:
    print(f"   newer release: {p['name']} {p['version']} -> {p['latest_version']}", file=sys.stderr)
print(f"   {len(behind)} of {len(lock)} runtime pins have a newer release on the index", file=sys.stderr)
PY
}

# SECURITY_ONLY=pip-audit or SECURITY_ONLY=bandit runs just that one (the tests use it).
only="${SECURITY_ONLY:-all}"

if [[ $only == all || $only == pip-audit ]]; then
echo "== pip-audit: $LOCK"
verdict=unaudited
osv_args=()
[[ -n "${PIP_AUDIT_OSV_URL:-}" ]] && osv_args=(--osv-url "$PIP_AUDIT_OSV_URL")
for service in osv pypi; do
    service_args=(--vulnerability-service "$service")
    [[ $service == osv ]] && service_args+=("${osv_args[@]}")
    # --no-deps/--disable-pip: the lock pins every package, so no resolver and no virtualenv.
    "$VENV/bin/pip-audit" -r "$LOCK" --no-deps --disable-pip --progress-spinner off \
        "${service_args[@]}" "${ignore_args[@]}" -f json -o "$work/$service.json" \
        2>"$work/$service.log" >/dev/null
    verdict="$("$VENV/bin/python" - "$work/$service.json" "$service" <<'PY'
import json, sys
from pathlib import Path

path, service = Path(sys.argv[1]), sys.argv[2]
if not path.exists() or not path.stat().st_size:
    print(f"-- {service}: no answer (network)", file=sys.stderr)
    print("unaudited")
    sys.exit()
deps = json.loads(path.read_text())["dependencies"]
skipped = [d for d in deps if "skip_reason" in d]
vulnerable = [d for d in deps if d.get("vulns")]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
        print(f"!! {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})", file=sys.stderr)
audited = len(deps) - len(skipped)
print(f"-- {service}: {audited} of {len(deps)} packages audited, {len(vulnerable)} vulnerable", file=sys.stderr)
if skipped and audited:
    for dep in skipped:
        print(f"   not audited: {dep['name']} {dep['version']}: {dep['skip_reason']}", file=sys.stderr)
print("vulnerable" if vulnerable else ("unaudited" if not audited else ("partial" if skipped else "clean")))
PY
)"
    [[ $verdict == unaudited ]] || break
done
case "$verdict" in
    clean) echo "pip-audit: no known vulnerabilities" ;;
    partial) echo "pip-audit: no known vulnerabilities in the packages the database knows (see above)" ;;
    vulnerable) echo "!!!! pip-audit: vulnerable dependencies (above)" >&2; status=1 ;;
    *)
        echo "!!!! pip-audit: NOT AUDITED: no vulnerability database answered for $LOCK" >&2
        report_newer_releases
        [[ "${PIP_AUDIT_REQUIRED:-0}" == 1 ]] && status=1
        ;;
esac
fi

if [[ $only == all || $only == bandit ]]; then
    echo "== bandit: high-severity findings in our code"
    "$VENV/bin/bandit" -r centres families services outcomes partnerships config -lll -q -x '*/migrations/*' || status=1
fi

exit "$status"
