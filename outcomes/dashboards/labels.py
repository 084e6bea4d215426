"""Readable names for snapshot splits ("prefix:value", "" for overall).

The engine names splits by prefix (`instrument:WEMWBS`, `partner:12`, `service:7`,
`group:lone_parent`, ...). A dashboard shows a reader the instrument's, partner's or service's
name: `split_labels()` looks the names up in one query per kind of record, whatever the number
of splits, so a table of 40 partners costs one query, not 40. An unknown prefix falls back to
its own words ("area: out" reads "Area: out"), so a split added to the engine later shows up
readable without code here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from families.models import TargetGroup

OVERALL = "All"

FIXED: dict[str, str] = {
    "deprivation:deprived": "30% most deprived LSOAs",
    "deprivation:other": "Other LSOAs",
    "direction:in": "Referrals in",
    "direction:out": "Referrals out",
    "engaged:yes": "Engaged with a centre",
    "engaged:no": "Not engaged",
    "field:postcode": "Postcode",
    "field:date_of_birth": "Date of birth",
    "field:ethnicity": "Ethnicity",
    "field:nhs_number": "NHS number",
    "area:in": "In area",
    "area:out": "Out of area",
}


def _names_by_pk(model_path: str) -> Callable[[list[str]], dict[str, str]]:
    def lookup(values: list[str]) -> dict[str, str]:
        from django.apps import apps

        pks = [int(v) for v in values if v.isdigit()]
        if not pks:
            return {}
        model = apps.get_model(model_path)
        return {str(pk): name for pk, name in model.objects.filter(pk__in=pks).values_list("pk", "name")}

    return lookup


def _instrument_names(values: list[str]) -> dict[str, str]:
    from outcomes.models import Instrument

    return dict(Instrument.objects.filter(code__in=values).values_list("code", "name"))


def _group_names(values: list[str]) -> dict[str, str]:
    return {v: str(TargetGroup(v).label) for v in values if v in TargetGroup.values}


# prefix -> a function from the values seen to their names (one query at most).
LOOKUPS: dict[str, Callable[[list[str]], dict[str, str]]] = {
    "partner": _names_by_pk("partnerships.Partner"),
    "service": _names_by_pk("services.Service"),
    "centre": _names_by_pk("centres.Centre"),
    "instrument": _instrument_names,
    "group": _group_names,
}


def fallback(split: str) -> str:
    prefix, _, value = split.partition(":")
    words = f"{prefix.replace('_', ' ')}: {value.replace('_', ' ')}" if value else prefix.replace("_", " ")
    return words[:1].upper() + words[1:]


def split_labels(splits: Iterable[str]) -> dict[str, str]:
    """Every split's label, looked up in batches: {"partner:12": "Ashby Health Visiting", ...}."""
    splits = set(splits)
    by_prefix: dict[str, list[str]] = {}
    for split in splits:
        prefix, _, value = split.partition(":")
        if split not in FIXED and prefix in LOOKUPS and value:
            by_prefix.setdefault(prefix, []).append(value)
    found: dict[str, str] = {}
    for prefix, values in by_prefix.items():
        found |= {f"{prefix}:{value}": name for value, name in LOOKUPS[prefix](sorted(values)).items()}
    return {split: split_label(split, found) for split in splits}


def split_label(split: str, names: dict[str, str] | None = None) -> str:
    """One split's label; `names` is what `split_labels` looked up (else only fixed labels)."""
    if not split:
        return OVERALL
    if split in FIXED:
        return FIXED[split]
    if names and split in names:
        return names[split]
    prefix, _, value = split.partition(":")
    if prefix == "group" and value in TargetGroup.values:
        return str(TargetGroup(value).label)
    if prefix in LOOKUPS and value:
        # A record since deleted, or not looked up: say what it was rather than guess.
        return f"{prefix.capitalize()} {value} (no longer recorded)"
    return fallback(split)
