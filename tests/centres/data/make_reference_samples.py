"""Writes the sample reference files in centres/fixtures/reference/ (committed; rerun only to
change them): `.venv/bin/python tests/centres/data/make_reference_samples.py`.

Synthetic, in the public layouts: LSOA codes E01900001… (no real LSOA has them), the local
authority E06000999 "Demo Borough" with a few LSOAs and postcodes of E06000998 "Other Borough",
postcodes in the invented outward codes ZX1 to ZX9. The same LSOAs run through every file, with
the 2011 to 2021 changes of the lookup: E01900005 split into E01900101 and E01900102, E01900010
and E01900011 merged into E01900103, E01900020 redesigned as E01900105.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[3] / "centres" / "fixtures" / "reference"
rng = random.Random(2026)

DEMO = ("E06000999", "Demo Borough")
OTHER = ("E06000998", "Other Borough")
SIZE_2019, SIZE_2025 = 32_844, 33_755


def lsoa_name(authority: str, number: int) -> str:
    return f"{authority} {(number - 1) // 4 + 1:03d}{'ABCD'[(number - 1) % 4]}"


# 2011 LSOAs: code -> (name, local authority)
LSOAS_2011: dict[str, tuple[str, tuple[str, str]]] = {}
for i in range(1, 31):
    LSOAS_2011[f"E01{900000 + i}"] = (lsoa_name("Demo Borough", i), DEMO)
for i in range(31, 36):
    LSOAS_2011[f"E01{900000 + i}"] = (lsoa_name("Other Borough", i - 30), OTHER)

# The lookup: (2011 code, 2021 code, change)
CHANGES = {"E01900005": ["E01900101", "E01900102"], "E01900010": ["E01900103"], "E01900011": ["E01900103"]}
REDESIGNED = {"E01900020": "E01900105"}
NEW_NAMES = {
    "E01900101": "Demo Borough 002E",
    "E01900102": "Demo Borough 002F",
    "E01900103": "Demo Borough 003E",
    "E01900105": "Demo Borough 005E",
}
LOOKUP: list[tuple[str, str, str]] = []
for code in LSOAS_2011:
    if code in CHANGES:
        targets = CHANGES[code]
        LOOKUP += [(code, target, "S" if len(targets) > 1 else "M") for target in targets]
    elif code in REDESIGNED:
        LOOKUP.append((code, REDESIGNED[code], "X"))
    else:
        LOOKUP.append((code, code, "U"))
LSOAS_2021: dict[str, tuple[str, tuple[str, str]]] = {}
for old, new, _change in LOOKUP:
    LSOAS_2021[new] = (NEW_NAMES.get(new, LSOAS_2011[old][0]), LSOAS_2011[old][1])

# How deprived each LSOA is (0 most, 1 least): Demo Borough leans deprived, as real towns do.
DEPRIVATION = {code: rng.random() ** 1.8 for code in {**LSOAS_2011, **LSOAS_2021}}


def rank(code: str, size: int, noise: float = 0.03) -> int:
    share = min(max(DEPRIVATION[code] + rng.uniform(-noise, noise), 0.0), 0.9999)
    return int(share * size) + 1


def decile(value: int, size: int) -> int:
    return (value - 1) * 10 // size + 1


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def iod2019_file1() -> None:
    header = [
        "LSOA code (2011)",
        "LSOA name (2011)",
        "Local Authority District code (2019)",
        "Local Authority District name (2019)",
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    ]
    rows: list[list[object]] = []
    for code, (name, (la_code, la_name)) in LSOAS_2011.items():
        imd = rank(code, SIZE_2019)
        rows.append([code, name, la_code, la_name, imd, decile(imd, SIZE_2019)])
    write_csv("iod2019_file1_sample.csv", header, rows)


DOMAINS = [
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
]


def iod2025_file2() -> None:
    header = [
        "LSOA code (2021)",
        "LSOA name (2021)",
        "Local Authority District code (2024)",
        "Local Authority District name (2024)",
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    ]
    for domain in DOMAINS:
        header += [
            f"{domain} Rank (where 1 is most deprived)",
            f"{domain} Decile (where 1 is most deprived 10% of LSOAs)",
        ]
    header += [
        "Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)",
        "Income Deprivation Affecting Children Index (IDACI) Decile (where 1 is most deprived 10% of LSOAs)",
    ]
    rows: list[list[object]] = []
    for code, (name, (la_code, la_name)) in LSOAS_2021.items():
        imd = rank(code, SIZE_2025)
        row: list[object] = [code, name, la_code, la_name, imd, decile(imd, SIZE_2025)]
        for _domain in DOMAINS:
            value = rank(code, SIZE_2025, noise=0.15)
            row += [value, decile(value, SIZE_2025)]
        idaci = rank(code, SIZE_2025, noise=0.08)
        rows.append([*row, idaci, decile(idaci, SIZE_2025)])
    write_csv("iod2025_file2_sample.csv", header, rows)


def ages(code: str) -> list[int]:
    """People of each single year of age 0 to 90+ in one LSOA: about 1,600 people, more young
    children where deprivation is higher."""
    young = 1.25 - 0.5 * DEPRIVATION[code]
    counts = []
    for age in range(91):
        if age < 5:
            mean = 10.5 * young
        elif age < 18:
            mean = 10.0 * young
        elif age < 65:
            mean = 10.5
        else:
            mean = max(9.0 - (age - 65) * 0.33, 0.6)
        counts.append(max(0, round(rng.gauss(mean, mean**0.5))))
    return counts


def population_2011() -> None:
    header = ["LA Code (2021 boundaries)", "LA name (2021 boundaries)", "LSOA Code", "LSOA Name", "All Ages"]
    header += [str(age) for age in range(90)] + ["90+"]
    rows: list[list[object]] = []
    for code, (name, (la_code, la_name)) in LSOAS_2011.items():
        people = [a + b for a, b in zip(ages(code), ages(code), strict=True)]
        rows.append([la_code, la_name, code, name, sum(people), *people])
    write_csv("population_2011_lsoa_sample.csv", header, rows)


HEADER_2021 = ["LAD 2021 Code", "LAD 2021 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total"]
HEADER_2021 += [f"F{age}" for age in range(91)] + [f"M{age}" for age in range(91)]


def rows_2021() -> list[list[object]]:
    rows: list[list[object]] = []
    for code, (name, (la_code, la_name)) in LSOAS_2021.items():
        female, male = ages(code), ages(code)
        rows.append([la_code, la_name, code, name, sum(female) + sum(male), *female, *male])
    return rows


def population_2021(rows: list[list[object]]) -> None:
    write_csv("population_2021_lsoa_sample.csv", HEADER_2021, rows)


def population_2021_workbook(rows: list[list[object]]) -> None:
    """The first twelve rows of the CSV, as ONS publishes them: title rows above the header."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Mid-2022 LSOA 2021"
    sheet.append(
        [
            "Mid-2022 population estimates for Lower layer Super Output Areas (LSOAs) in England and Wales "
            "by single year of age and sex"
        ]
    )
    sheet.append(["Synthetic sample in the ONS layout: not real data"])
    sheet.append(["This worksheet contains one table."])
    sheet.append(HEADER_2021)
    for row in rows[:12]:
        sheet.append(row)
    notes = workbook.create_sheet("Notes")
    notes.append(["Note number", "Note text"])
    notes.append([1, "Figures are synthetic."])
    workbook.save(OUT / "population_2021_lsoa_sample.xlsx")


def lookup() -> None:
    header = ["LSOA11CD", "LSOA11NM", "LSOA21CD", "LSOA21NM", "CHGIND", "LAD22CD", "LAD22NM", "LAD22NMW", "ObjectId"]
    rows: list[list[object]] = []
    for number, (old, new, change) in enumerate(LOOKUP, start=1):
        name_2021, (la_code, la_name) = LSOAS_2021[new]
        rows.append([old, LSOAS_2011[old][0], new, name_2021, change, la_code, la_name, "", number])
    write_csv("lsoa_2011_2021_lookup_sample.csv", header, rows)


INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def onspd() -> None:
    header = [
        "pcd",
        "pcd2",
        "pcds",
        "dointr",
        "doterm",
        "oscty",
        "oslaua",
        "osward",
        "usertype",
        "oseast1m",
        "osnrth1m",
        "osgrdind",
        "ctry",
        "rgn",
        "lsoa11",
        "msoa11",
        "lat",
        "long",
        "lsoa21",
        "msoa21",
    ]
    new_for_old = {old: [new for o, new, _ in LOOKUP if o == old] for old in LSOAS_2011}
    rows: list[list[object]] = []
    used: set[str] = set()
    for index, (code, (_name, (la_code, _la_name))) in enumerate(LSOAS_2011.items()):
        district = 9 if la_code == OTHER[0] else index // 4 + 1
        for _ in range(2 if index % 3 == 0 else 1):
            inward = ""
            while not inward or f"ZX{district} {inward}" in used:
                inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
            postcode = f"ZX{district} {inward}"
            used.add(postcode)
            outward = f"ZX{district}"
            terminated = rng.choice(["201906", "202103", "202311"]) if rng.random() < 0.08 else ""
            new = new_for_old[code][rng.randrange(len(new_for_old[code]))]
            msoa = f"E02{900000 + (int(code[3:]) - 900000 - 1) // 4 + 1}"
            east, north = 445_000 + index * 180 + rng.randint(0, 150), 528_000 + index * 120 + rng.randint(0, 150)
            rows.append(
                [
                    f"{outward:<4}{inward}",
                    f"{outward:<5}{inward}",
                    postcode,
                    rng.choice(["198001", "199406", "200812"]),
                    terminated,
                    "E99999999",
                    la_code,
                    f"E05{900001 + index // 3}",
                    0,
                    east,
                    north,
                    1,
                    "E92000001",
                    "E12000001",
                    code,
                    msoa,
                    f"{54.58 + index * 0.0011:.6f}",
                    f"{-1.26 + index * 0.0028:.6f}",
                    new,
                    msoa,
                ]
            )
    write_csv("onspd_sample.csv", header, rows)


def boundaries() -> None:
    features = []
    codes = [*LSOAS_2021, "E01900201", "E01900202"]  # the last two: a neighbour's LSOAs, not imported
    for index, code in enumerate(codes):
        west, south = -1.30 + (index % 6) * 0.012, 54.55 + (index // 6) * 0.009
        ring = [[west, south], [west + 0.012, south], [west + 0.012, south + 0.009], [west, south + 0.009]]
        ring = [[round(x + rng.uniform(-0.0004, 0.0004), 6), round(y, 6)] for x, y in ring]
        name = LSOAS_2021[code][0] if code in LSOAS_2021 else f"Neighbour Borough 00{index - len(LSOAS_2021) + 1}A"
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "FID": index + 1,
                    "LSOA21CD": code,
                    "LSOA21NM": name,
                    "LSOA21NMW": "",
                    "LAT": round(south + 0.0045, 6),
                    "LONG": round(west + 0.006, 6),
                },
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    collection = {"type": "FeatureCollection", "name": "LSOA_2021_EW_BGC_sample", "features": features}
    (OUT / "lsoa_boundaries_sample.geojson").write_text(json.dumps(collection, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    iod2019_file1()
    iod2025_file2()
    population_2011()
    rows = rows_2021()
    population_2021(rows)
    population_2021_workbook(rows)
    lookup()
    onspd()
    boundaries()
    print(f"Wrote the samples to {OUT}")
