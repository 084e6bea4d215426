"""The families as the simulation sees them: propensity to come, favourite sessions, cases planned."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from centres.demo.services.offers import UNIVERSAL
from centres.demo.services.simulation import Fam, SimulationBase
from centres.models import ReachAreaLSOA
from families.choices import Employment, Relationship, Sex
from families.models import Address, Adult, Child, Family

# Mean visits a week of a registered family before the LSOA, deprivation and reach factors;
# the gamma shape makes most families occasional visitors and a few regulars.
WEEKLY_VISITS = 0.33
PROPENSITY_SHAPE = 0.25
MOST_VISITS = 2.5
LOW_LSOA_SHARE = 0.12  # LSOAs notably hard to reach (an estate cut off by the ring road)
CASE_RATE_DEPRIVED, CASE_RATE_OTHER = 0.05, 0.012


class Families(SimulationBase):
    """Loads the registered families once; plans which of them get a case."""

    def load_families(self) -> None:
        rng = self.rng
        reach = {}  # lsoa -> (main centre, distance from the centre 0..1)
        members = ReachAreaLSOA.objects.filter(removed_on__isnull=True).order_by("reach_area_id", "lsoa_id")
        runs: dict[int, list[int]] = defaultdict(list)
        for lsoa_id, centre_id in members.values_list("lsoa_id", "reach_area__centre_id"):
            runs[centre_id].append(lsoa_id)
        for centre_id, lsoas in runs.items():
            middle = (len(lsoas) - 1) / 2
            for i, lsoa_id in enumerate(lsoas):
                reach[lsoa_id] = (centre_id, abs(i - middle) / max(1.0, middle))
        factor = {
            lsoa.pk: rng.lognormvariate(0, 0.3) * (0.3 if rng.random() < LOW_LSOA_SHARE else 1.0)
            for lsoa in self.ctx.lsoas
        }
        homes = dict(Address.objects.filter(moved_out__isnull=True).values_list("family_id", "lsoa_id"))
        kids: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for family_id, child_id, born in (
            Child.objects.filter(date_of_birth__isnull=False)
            .order_by("id")
            .values_list("family_id", "id", "date_of_birth")
        ):
            kids[family_id].append((child_id, born.toordinal(), _fifth_birthday(born)))
        adults: dict[int, list[tuple[int, str, str, bool, str]]] = defaultdict(list)
        for family_id, *adult in Adult.objects.order_by("id").values_list(
            "family_id", "id", "relationship", "sex", "english_additional_language", "employment"
        ):
            adults[family_id].append(tuple(adult))  # type: ignore[arg-type]
        popular = [o.key for o in UNIVERSAL]
        weights = [o.popularity for o in UNIVERSAL]
        rows = Family.objects.filter(registered_centre__in=self.group_of, merged_into__isnull=True).order_by("id")
        for index, (family_id, centre_id, registered) in enumerate(
            rows.values_list("id", "registered_centre_id", "registration_date").iterator(chunk_size=5000)
        ):
            group = self.group_of[centre_id]
            lsoa = homes.get(family_id)
            decile = self.ctx.lsoa_deciles.get(lsoa or 0, 5)
            home, distance = reach.get(lsoa or 0, (None, 1.0))
            nearness = 1.25 - 0.45 * distance if home == group else 0.5
            deprivation = (10 - decile) / 9
            mean = WEEKLY_VISITS * factor.get(lsoa or 0, 1.0) * (0.75 + 0.5 * deprivation) * nearness
            people = adults.get(family_id, [])
            fam = Fam(
                id=family_id,
                index=index,
                centre=centre_id,
                group=group,
                registered=registered.toordinal(),
                deprived=decile <= 3,
                lone=len(people) == 1,
                propensity=min(MOST_VISITS, rng.gammavariate(PROPENSITY_SHAPE, mean / PROPENSITY_SHAPE)),
                kids=sorted(kids.get(family_id, []), key=lambda k: k[1]),
                favourites=tuple(rng.choices(popular, weights=weights, k=rng.choice([1, 2]))),
            )
            for adult_id, relationship, sex, eal, employment in people:
                if fam.mother is None and relationship == Relationship.MOTHER:
                    fam.mother = adult_id
                elif fam.father is None and (relationship == Relationship.FATHER or sex == Sex.MALE):
                    fam.father = adult_id
                if eal and fam.eal is None:
                    fam.eal = adult_id
                if employment in (Employment.UNEMPLOYED, Employment.NOT_WORKING) and fam.jobseeker is None:
                    fam.jobseeker = adult_id
            if fam.mother is None and people:
                fam.mother = people[0][0]
            self.families[group].append(fam)
        for group, fams in self.families.items():
            fams.sort(key=lambda f: (f.registered, f.index))
            self.registered[group] = [f.registered for f in fams]

    def plan_cases(self) -> None:
        """About one family in twenty in the deprived LSOAs has a case with a key worker."""
        rng, latest = self.rng, self.as_of - 14
        for fams in self.families.values():
            for fam in fams:
                rate = CASE_RATE_DEPRIVED if fam.deprived else CASE_RATE_OTHER
                if rng.random() >= rate * (1.5 if fam.lone else 1.0):
                    continue
                earliest = max(fam.registered, self.start.toordinal())
                if earliest >= latest:
                    continue
                opened = rng.randint(earliest, latest)
                fam.case = (opened, opened + rng.randint(60, 300))
                fam.propensity = min(MOST_VISITS, fam.propensity + 0.15)  # the key worker brings them in


def _fifth_birthday(born: date) -> int:
    try:
        return born.replace(year=born.year + 5).toordinal()
    except ValueError:  # born on 29 February
        return date(born.year + 5, 3, 1).toordinal()
