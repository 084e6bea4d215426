"""Helpers and files for the reference-data import tests (tests/centres/test_imports_*.py)."""

from __future__ import annotations

from pathlib import Path

from centres.models import LSOA, Deprivation, LSOALookup, Population, Postcode

DATA = Path(__file__).resolve().parent
SAMPLES = DATA.parents[2] / "centres" / "fixtures" / "reference"


def sample(name: str) -> Path:
    return SAMPLES / name


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    """A file from text; lines are dedented so tests can indent them."""
    lines = [line.strip() for line in text.strip().splitlines()]
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode())
    return path


def counts() -> dict[str, int]:
    """How many rows each reference table has: "nothing changed" compares two of these."""
    return {
        "lsoas": LSOA.objects.count(),
        "named_lsoas": LSOA.objects.exclude(name="").count(),
        "boundaries": LSOA.objects.filter(boundary__isnull=False).count(),
        "deprivation": Deprivation.objects.count(),
        "population": Population.objects.count(),
        "lookups": LSOALookup.objects.count(),
        "postcodes": Postcode.objects.count(),
    }
