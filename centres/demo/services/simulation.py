"""The simulation's state: the families and sessions it tracks, and who may come to what."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings

from centres.demo.services.offers import Offer
from centres.demo.services.writer import CONTACT_BATCH, Contacts
from centres.models import Centre, User
from centres.roles import Role
from families.models import Adult
from services.models import Service, SessionSeries

if TYPE_CHECKING:
    from centres.demo import DemoContext


YEARS_BACK = 2
WEEKS_AHEAD = 4


@dataclass(slots=True)
class Fam:
    """One family as the simulation needs it: ids and ordinal days only."""

    id: int
    index: int
    centre: int
    group: int  # the main centre: the centre itself, or the main centre of its linked site
    registered: int
    deprived: bool
    lone: bool
    propensity: float
    kids: list[tuple[int, int, int]]  # (child id, born, fifth birthday) as ordinals
    mother: int | None = None
    father: int | None = None
    eal: int | None = None  # an adult with English as an additional language
    jobseeker: int | None = None  # an adult out of work
    favourites: tuple[str, ...] = ()
    case: tuple[int, int] | None = None  # opened, closed (ordinals)


@dataclass(slots=True, eq=False)
class Sess:
    id: int
    centre: int
    offer: Offer
    day: int
    capacity: int
    minutes: int
    worker: int
    cancelled: bool
    families: set[int] = field(default_factory=set)


@dataclass
class CourseRun:
    offer: Offer
    group: int
    series: SessionSeries
    sessions: list[Sess]
    booked: list[tuple[Fam, int]] = field(default_factory=list)  # (family, sessions before dropping out)


@dataclass(frozen=True)
class Block:
    name: str
    first: date
    last: date


class SimulationBase:
    """State shared by every part of the simulation, and who of a family may come to what."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng = ctx, ctx.rng
        self.as_of = ctx.as_of.toordinal()
        self.start = ctx.as_of - timedelta(days=365 * YEARS_BACK + YEARS_BACK // 4)
        self.end = ctx.as_of + timedelta(weeks=WEEKS_AHEAD)
        self.tz = ZoneInfo(settings.TIME_ZONE)
        now = datetime.combine(ctx.as_of, time(17, 0), tzinfo=self.tz)
        self.writer = Contacts(CONTACT_BATCH, now)
        self.counts: dict[str, int] = defaultdict(int)
        centres = [c for c in ctx.centres if c.status == Centre.Status.OPEN]
        self.mains = [c for c in centres if c.kind == Centre.Kind.MAIN]
        self.group_of = {c.pk: c.main_centre_id or c.pk for c in centres}
        self.sites = {m.pk: [c.pk for c in centres if self.group_of[c.pk] == m.pk] for m in self.mains}
        self.workers: dict[int, list[int]] = defaultdict(list)
        for user_id, centre_id in (
            User.centres.through.objects.filter(user__role=Role.WORKER).order_by("user_id", "centre_id")
        ).values_list("user_id", "centre_id"):
            self.workers[centre_id].append(user_id)
        self.managers: dict[int, int] = {}
        for user_id, centre_id in (
            User.centres.through.objects.filter(user__role=Role.MANAGER).order_by("user_id", "centre_id")
        ).values_list("user_id", "centre_id"):
            self.managers.setdefault(centre_id, user_id)
        self.fallback_user = User.objects.filter(role__in=[Role.MANAGER, Role.ADMIN]).order_by("role", "pk").first()
        self.services: dict[tuple[int, str], Service] = {}  # (main centre, offer key)
        self.families: dict[int, list[Fam]] = defaultdict(list)  # group -> families by registration
        self.registered: dict[int, list[int]] = {}
        self.times: dict[tuple[Any, ...], tuple[int, time, str]] = {}
        self.held: dict[tuple[int, int, int], int] = defaultdict(int)  # (service, year, month) -> sessions
        self.planned: dict[tuple[int, int], int] = defaultdict(int)  # (service, financial year) -> sessions

    def worker(self, centre: int) -> int:
        """A worker of the centre (its main centre's, for a linked site); a manager if it has none."""
        workers = self.workers.get(centre) or self.workers.get(self.group_of.get(centre, centre))
        if workers:
            return self.rng.choice(workers)
        if self.fallback_user is None:
            raise RuntimeError("The services step needs the users step first.")
        return self.fallback_user.pk

    def aware(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.tz)

    @staticmethod
    def adult_names(ids: list[int]) -> dict[int, str]:
        adults = Adult.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name")
        return {pk: f"{first} {last}" for pk, first, last in adults}

    @staticmethod
    def kids_for(fam: Fam, offer: Offer, day: int) -> list[int]:
        lo, hi = offer.lo, offer.hi
        return [child for child, born, fifth in fam.kids if born <= day < fifth and lo <= day - born < hi]

    def may_come(self, fam: Fam, offer: Offer, day: int) -> bool:
        if offer.who == "eal":
            return fam.eal is not None
        if offer.who == "jobseeker":
            return fam.jobseeker is not None
        if offer.who == "father" and fam.father is None:
            return False
        return bool(self.kids_for(fam, offer, day))

    def people(self, fam: Fam, offer: Offer, day: int) -> tuple[list[int], list[int]]:
        """The children and adults of the family who came."""
        rng = self.rng
        if offer.who in ("eal", "jobseeker"):
            adult = fam.eal if offer.who == "eal" else fam.jobseeker
            return [], [adult] if adult else []
        kids = self.kids_for(fam, offer, day)
        if offer.who == "father":
            return kids, [fam.father] if fam.father else []
        if offer.who == "parent":
            adults = [a for a in (fam.mother, fam.father if rng.random() < 0.2 else None) if a]
            return [], adults or [a for a in (fam.father,) if a]
        if len(kids) > 1 and offer.ages == (0, 59) and rng.random() < 0.25:
            kids = [rng.choice(kids)]
        if rng.random() < 0.03 or fam.mother is None:  # came with a grandparent or childminder
            return kids, []
        return kids, [a for a in (fam.mother, fam.father if rng.random() < 0.12 else None) if a]

    @staticmethod
    def appeal(fam: Fam, offer: Offer) -> float:
        return offer.popularity * (5.0 if offer.key in fam.favourites else 1.0)
