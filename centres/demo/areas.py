"""The demo authority's neighbourhoods: 2021 LSOAs with an Indices of Deprivation 2025 mix like
a deprived urban authority's (about 30% in deciles 1 to 3), under-five populations that are
larger where deprivation is higher, postcodes, and a reach area for each main centre."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from centres.models import LSOA, Centre, Deprivation, Population, Postcode, ReachArea, ReachAreaLSOA
from centres.models.areas import RELEASE_SIZE, DeprivationRelease, Vintage

if TYPE_CHECKING:
    from centres.demo import DemoContext

LOCAL_AUTHORITY_CODE = "E06000999"
LOCAL_AUTHORITY_NAME = "Demo Borough"
FIRST_CODE = 900_001  # E01900001…: synthetic, outside the range of real LSOA codes
# Share of LSOAs in each IMD decile (1 = most deprived): 31% in deciles 1 to 3.
DECILE_WEIGHTS = [14, 9, 8, 8, 9, 10, 11, 11, 10, 10]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's unit may use
POSTCODES_PER_LSOA = 12


def lsoa_code(index: int) -> str:
    return f"E01{FIRST_CODE + index:06d}"


def demo_postcode(n: int) -> str:
    """The n-th synthetic postcode, in an invented area "ZX" (valid in form, never real)."""
    district = 1 + n // 4000
    sector = (n // 400) % 10
    unit = POSTCODE_LETTERS[(n // 20) % 20] + POSTCODE_LETTERS[n % 20]
    return f"ZX{district} {sector}{unit}"


def rank_in_decile(rng_value: float, decile: int, size: int) -> int:
    low = (decile - 1) * size // 10 + 1
    high = decile * size // 10
    return low + int(rng_value * (high - low))


def step_areas(ctx: DemoContext) -> None:
    rng = ctx.rng
    main_centres = [c for c in ctx.centres if c.kind == Centre.Kind.MAIN]
    total = len(main_centres) * ctx.scale.lsoas_per_centre + ctx.scale.unassigned_lsoas
    lsoas = LSOA.objects.bulk_create(
        LSOA(
            code=lsoa_code(i),
            vintage=Vintage.V2021,
            name=f"{LOCAL_AUTHORITY_NAME} {i // 4 + 1:03d}{'ABCD'[i % 4]}",
            local_authority_code=LOCAL_AUTHORITY_CODE,
        )
        for i in range(total)
    )
    size = RELEASE_SIZE[DeprivationRelease.IOD2025]
    deciles = rng.choices(range(1, 11), weights=DECILE_WEIGHTS, k=total)
    # Deprivation clusters in space: neighbouring LSOAs (consecutive codes, which the reach
    # areas take in runs) are alike, so some centres serve far more deprived areas than others.
    deciles.sort(key=lambda d: d + rng.uniform(-3, 3))
    Deprivation.objects.bulk_create(
        Deprivation(
            lsoa=lsoa,
            release=DeprivationRelease.IOD2025,
            imd_rank=rank_in_decile(rng.random(), decile, size),
            imd_decile=decile,
            # Child poverty follows overall deprivation closely, give or take a decile.
            idaci_decile=(idaci := min(10, max(1, decile + rng.choice([-1, 0, 0, 0, 1])))),
            idaci_rank=rank_in_decile(rng.random(), idaci, size),
        )
        for lsoa, decile in zip(lsoas, deciles, strict=True)
    )
    latest = ctx.as_of.year - 2  # mid-year estimates by LSOA are published about 18 months later
    Population.objects.bulk_create(_populations(ctx, lsoas, deciles, years=[latest - 1, latest]))
    Postcode.objects.bulk_create(
        Postcode(
            postcode=demo_postcode(i * POSTCODES_PER_LSOA + j),
            lsoa_2021=lsoa,
            local_authority_code=LOCAL_AUTHORITY_CODE,
        )
        for i, lsoa in enumerate(lsoas)
        for j in range(POSTCODES_PER_LSOA)
    )
    # Each main centre takes a run of neighbouring LSOAs; the last few belong to no reach
    # area, a gap the area profile shows.
    start_date = ctx.as_of.replace(year=ctx.as_of.year - 3)
    for number, centre in enumerate(main_centres):
        area = ReachArea.objects.create(centre=centre)
        first = number * ctx.scale.lsoas_per_centre
        ReachAreaLSOA.objects.bulk_create(
            ReachAreaLSOA(reach_area=area, lsoa=lsoa, added_on=start_date)
            for lsoa in lsoas[first : first + ctx.scale.lsoas_per_centre]
        )
    ctx.lsoas = lsoas
    ctx.lsoa_deciles = dict(zip((lsoa.pk for lsoa in lsoas), deciles, strict=True))
    ctx.counts.update(lsoas=total, postcodes=total * POSTCODES_PER_LSOA)


def _populations(ctx: DemoContext, lsoas: list[LSOA], deciles: list[int], years: list[int]) -> Iterator[Population]:
    rng = ctx.rng
    for lsoa, decile in zip(lsoas, deciles, strict=True):
        # About 70 to 150 children under five: more in the deprived, younger neighbourhoods.
        base = 75 + (10 - decile) * 6 + rng.randint(-5, 15)
        for year in years:
            total = max(50, base + rng.randint(-4, 4))
            ages = [total // 5] * 5
            for _ in range(total - sum(ages)):
                ages[rng.randrange(5)] += 1
            yield Population(lsoa=lsoa, year=year, **{f"age_{a}": n for a, n in enumerate(ages)})
