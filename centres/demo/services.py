"""The demo authority's services, and two years of families using them.

A catalogue per main centre (with partners' services: the baby clinic, ESOL, the job club), a
weekly timetable per open centre, term by term, sized to the families each centre serves, and
two years of attendance before the as-of date (the timetable runs four weeks beyond it).

Each family gets an engagement propensity once: its expected visits a week. It is higher for
families in deprived LSOAs and for those living in their centre's reach area, near the centre
(the middle of the run of LSOAs the area is made of); each LSOA has a factor of its own, and a
few are notably hard to reach. Every week a family makes about `propensity` visits to the
sessions its children are the right age for, keeping to the slots it likes, until a session is
full. Booked courses (evidence-based programmes) take their places from the families in most
need, with a waiting list. About one family in twenty in the deprived LSOAs has a case with a
key worker, a family plan and home visits. Then the hub, expertise, parents and money.

Rows are written in batches (`CONTACT_BATCH`) as they are made, so memory stays bounded: one
term's timetable and one small record per family are all that is held. On PostgreSQL the
contacts and their participants go in with COPY (`USE_COPY`); elsewhere with bulk_create.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from time import monotonic
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, reset_queries, transaction
from django.db.models import Exists, Max, OuterRef, Subquery

from centres.demo.names import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES
from centres.models import Centre, Postcode, ReachAreaLSOA, User
from centres.roles import Role
from families.choices import Employment, Relationship, Sex
from families.models import Address, Adult, Case, CaseOutcome, CaseReason, Child, Family, PlanGoal, PlanReview
from families.models.cases import GoalStatus
from partnerships.models import Partner, PartnerKind
from services.models import (
    Booking,
    Budget,
    Category,
    Charge,
    Contact,
    ContactAdult,
    ContactChild,
    ContactKind,
    DropInVisit,
    EvidenceRating,
    Feedback,
    ForumMeeting,
    ForumMember,
    ParentForum,
    Room,
    RoomBooking,
    Service,
    Session,
    SessionSeries,
    Setting,
    Spend,
    TrainingAttendance,
    TrainingEvent,
    Volunteer,
    VolunteerHours,
    YouSaidWeDid,
    financial_year_of,
)

if TYPE_CHECKING:
    from centres.demo import DemoContext

CONTACT_BATCH = 5000  # contacts a write (their children and adults go with them)
USE_COPY = True  # COPY on PostgreSQL; bulk_create elsewhere or when False
YEARS_BACK = 2
WEEKS_AHEAD = 4
# Mean visits a week of a registered family before the LSOA, deprivation and reach factors;
# the gamma shape makes most families occasional visitors and a few regulars.
WEEKLY_VISITS = 0.33
PROPENSITY_SHAPE = 0.25
MOST_VISITS = 2.5
TARGET_FILL = 0.7  # the timetable is sized so that sessions are about this full
MOST_SLOTS = 60  # weekly slots of one service in one centre's group, outreach venues included
FAMILIES_PER_COURSE = 1500  # registered families per group of each course a term
LOW_LSOA_SHARE = 0.12  # LSOAs notably hard to reach (an estate cut off by the ring road)
CASE_RATE_DEPRIVED, CASE_RATE_OTHER = 0.05, 0.012
DAY_MONTHS = 30.44

K = Category


@dataclass(frozen=True)
class Offer:
    key: str
    name: str
    category: str
    popularity: float = 0.0  # relative share of weekly visits among the families who may come
    ages: tuple[int, int] = (0, 59)  # months
    who: str = "child"  # child (an under-five of those ages), father, eal, jobseeker, parent (a carers' course)
    capacity: int = 20
    minutes: int = 90
    cost: int = 80
    runs: str = "term"  # term; holidays (terms and the summer holidays); all_year
    linked: bool = False  # also run at linked sites
    partner: str = ""  # the PartnerKind that provides it, or a centre does
    programme: str = ""
    rating: str = ""
    weeks: int = 0  # a booked course of this many weeks
    fee: str = "0"
    concession: str = "0"
    description: str = ""

    @property
    def lo(self) -> int:
        return int(self.ages[0] * DAY_MONTHS)

    @property
    def hi(self) -> int:
        return int((self.ages[1] + 1) * DAY_MONTHS)


OFFERS = [
    Offer("stay_play", "Stay and Play", K.FAMILY_ACTIVITIES, 30, capacity=30, minutes=120, cost=85,
          runs="holidays", linked=True, description="Play, songs and a snack; come when you like."),
    Offer("baby_massage", "Baby Massage", K.FAMILY_ACTIVITIES, 8, ages=(0, 9), capacity=10, minutes=60, cost=60),
    Offer("rhyme_time", "Rhyme Time (Bookstart)", K.EARLY_LEARNING, 12, capacity=20, minutes=45, cost=45,
          linked=True, description="Songs, rhymes and a Bookstart book to take home."),
    Offer("chatterbox", "Chatterbox (speech and language)", K.EARLY_LEARNING, 6, ages=(18, 47), capacity=12,
          minutes=60, cost=95),
    Offer("messy_play", "Messy Play", K.EARLY_LEARNING, 10, ages=(12, 59), capacity=16, cost=70, runs="holidays",
          linked=True, fee="2.00", concession="1.00"),
    Offer("dads", "Dads' Group", K.FAMILY_ACTIVITIES, 5, who="father", capacity=15, minutes=120, cost=80,
          runs="holidays", description="Saturday mornings for dads, granddads and male carers."),
    Offer("baby_clinic", "Baby Clinic", K.HEALTH, 18, ages=(0, 23), capacity=30, minutes=150, cost=120,
          runs="all_year", linked=True, partner=PartnerKind.HEALTH_VISITING,
          description="Weighing, development checks and advice from the health visitors."),
    Offer("breastfeeding", "Breastfeeding Support", K.HEALTH, 8, ages=(0, 11), capacity=12, cost=55,
          partner=PartnerKind.VOLUNTARY),
    Offer("esol", "ESOL for Parents", K.ADULT_LEARNING, 10, who="eal", capacity=14, minutes=120, cost=110,
          partner=PartnerKind.ADULT_LEARNING, description="English for speakers of other languages, with a creche."),
    Offer("job_club", "Job Club with Jobcentre Plus", K.ADULT_LEARNING, 6, who="jobseeker", capacity=12,
          minutes=120, cost=60, partner=PartnerKind.JOBCENTRE),
    Offer("incredible_years", "Incredible Years (pre-school)", K.EVIDENCE_BASED, who="parent", ages=(36, 59),
          capacity=12, minutes=120, cost=240, programme="Incredible Years", rating=EvidenceRating.LEVEL_4, weeks=10),
    Offer("triple_p", "Triple P Group", K.EVIDENCE_BASED, who="parent", capacity=12, minutes=120, cost=180,
          programme="Triple P", rating=EvidenceRating.LEVEL_3, weeks=8),
    Offer("family_links", "Family Links Nurturing Programme", K.EVIDENCE_BASED, who="parent", capacity=12,
          minutes=120, cost=150, programme="Family Links Nurturing Programme", rating=EvidenceRating.LEVEL_2,
          weeks=10),
    Offer("peep", "PEEP Learning Together", K.EVIDENCE_BASED, ages=(0, 47), capacity=10, cost=130,
          programme="PEEP Learning Together", rating=EvidenceRating.LEVEL_2, weeks=8),
    Offer("mellow_babies", "Mellow Babies", K.EVIDENCE_BASED, ages=(0, 17), capacity=8, minutes=150, cost=250,
          programme="Mellow Babies", rating=EvidenceRating.LEVEL_3, weeks=10),
]  # fmt: skip
UNIVERSAL = [o for o in OFFERS if not o.weeks]
COURSES = [o for o in OFFERS if o.weeks]
PARTNERS = {
    PartnerKind.HEALTH_VISITING: "Demo Community Health NHS Trust (health visiting)",
    PartnerKind.VOLUNTARY: "Demo Borough Breastfeeding Network",
    PartnerKind.ADULT_LEARNING: "Demo Borough Adult and Community Learning",
    PartnerKind.JOBCENTRE: "Jobcentre Plus, Demo Town",
}
VENUES = ["St Mark's Church Hall", "Demo Town Library", "Greenfield Community Centre", "Riverside Health Centre"]
STARTS = [time(9, 30), time(10, 0), time(10, 30), time(13, 0), time(13, 30)]
CONTACT_NOTES = {
    ContactKind.HOME_VISIT: [
        "Talked about sleep routines.",
        "Home visit: looked at play ideas for the living room.",
        "Discussed weaning and family meals.",
        "Went through the family plan together.",
        "Talked about behaviour at bedtime and a reward chart.",
    ],
    ContactKind.PHONE: [
        "Phoned to check how the week went.",
        "Call about the housing appointment.",
        "Reminded mum about the course on Tuesday.",
    ],
    ContactKind.ONE_TO_ONE: ["One-to-one at the centre about money worries.", "Met at the centre to review goals."],
    ContactKind.OUTREACH: ["Welcome visit: told the family about the timetable.", "Met at the park outreach stall."],
}
GOALS = [
    ("Bedtime routine in place for the children", "Key worker to share a routine chart; parent to try it nightly"),
    ("Mum feels less isolated", "Attend Stay and Play weekly; join the parents' forum"),
    ("Child's speech checked", "Health visitor to do an ASQ; join Chatterbox"),
    ("Family budget under control", "Referral to the credit union; Job Club"),
    ("Attend a parenting programme", "Book on Triple P next term"),
    ("Child takes up the funded place at two", "Help to apply; visit nurseries together"),
]
CASE_REASONS = [CaseReason.PARENTING, CaseReason.EARLY_HELP, CaseReason.CHILD_DEVELOPMENT, CaseReason.HEALTH,
                CaseReason.HOUSING_FINANCIAL]  # fmt: skip
REFERRERS = ["Health visitor", "Self-referral", "School nursery", "GP", "Midwife", "Housing officer"]
FORUM_MINUTES = [
    "Planned the summer fun day; agreed a suggestions box at reception.",
    "Heard about the budget for next year and asked for more Saturday sessions.",
    "Reviewed feedback on the baby clinic waiting times.",
    "Agreed to help with the toy library.",
]
FEEDBACK = {
    5: ["Lovely staff, my son loves it.", "Best part of our week.", "Really helped with my confidence."],
    4: ["Good session, a bit crowded.", "Friendly, but the room was cold.", "Very useful advice."],
    3: ["OK, but hard to get a place.", "Would like it at a different time."],
    2: ["Waited a long time at the clinic.", "Not enough for older toddlers."],
    1: ["Session cancelled without notice."],
}
YOU_SAID = [
    ("You said the baby clinic queue was too long.", "We added an appointment list and a second clinic."),
    ("You said there was nothing on Saturdays.", "We started the Saturday Dads' Group."),
    ("You said you could not afford Messy Play.", "We added a £1 concession."),
    ("You said the buggy park was full.", "We made space for ten more buggies."),
    ("You said you wanted more for working parents.", "We run Rhyme Time at 5pm on Thursdays."),
    ("You said the toys were worn out.", "We bought new toys with the forum's fundraising."),
]
ROOM_GROUPS = [
    ("Over-60s lunch club", 25), ("Residents' association", 15), ("Slimming group", 20), ("Credit union", 6),
    ("Citizens Advice drop-in", 8), ("Tenants' forum", 12), ("Somali women's group", 15), ("Yoga for parents", 12),
    ("Polish Saturday school", 20), ("Knit and natter", 10),
]  # fmt: skip
ROOM_SLOTS = [(time(9, 30), time(11, 30)), (time(12, 0), time(14, 0)), (time(14, 30), time(16, 30)),
              (time(18, 0), time(19, 30)), (time(19, 45), time(21, 30))]  # fmt: skip
TRAINING = [
    ("Safeguarding refresher", TrainingEvent.Kind.TRAINING),
    ("EYFS: observation and assessment", TrainingEvent.Kind.TRAINING),
    ("Speech and language: WellComm screening", TrainingEvent.Kind.TRAINING),
    ("SEND: the graduated approach", TrainingEvent.Kind.TRAINING),
    ("Childminders' network", TrainingEvent.Kind.NETWORK),
    ("Support visit: room layout and play", TrainingEvent.Kind.SUPPORT_VISIT),
]


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


class Rows:
    """Rows of one table as plain tuples, written `batch` at a time: COPY on PostgreSQL; elsewhere
    (and in the tests) one executemany INSERT, the values adapted as Django adapts them. Both skip
    building model instances, which costs more than the writing at two million contacts."""

    def __init__(self, model: type[models.Model], fields: list[str], batch: int) -> None:
        self.model, self.batch = model, batch
        self.rows: list[tuple[Any, ...]] = []
        found = [model._meta.get_field(f) for f in fields]
        self.columns = [str(f.column) for f in found]  # type: ignore[union-attr]
        ops = connection.ops
        self.adapters = [
            ops.adapt_datetimefield_value
            if isinstance(f, models.DateTimeField)
            else ops.adapt_datefield_value
            if isinstance(f, models.DateField)
            else None
            for f in found
        ]
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if self.rows:
            self.write(self.rows)
            self.written += len(self.rows)
            self.rows = []

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if USE_COPY and connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            adapt = [(i, a) for i, a in enumerate(self.adapters) if a is not None]
            if adapt:
                rows = [list(row) for row in rows]  # type: ignore[misc]
                for row in rows:
                    for i, adapter in adapt:
                        row[i] = adapter(row[i])  # type: ignore[index]
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - our names


class Contacts:
    """Contacts with the children and adults who took part, flushed together every `batch`."""

    def __init__(self, batch: int, now: datetime) -> None:
        self.batch, self.now = batch, now
        self.first_id = self.next_id = (Contact.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        fields = ["id", "family", "centre", "date", "kind", "session", "worker", "duration_minutes", "notes"]
        # Written column by column (COPY on PostgreSQL), so every NOT NULL column is named here.
        self.contacts = Rows(Contact, [*fields, "with_adult", "created_at", "source_system", "version"], batch)
        self.children = Rows(ContactChild, ["contact", "child"], batch)
        self.adults = Rows(ContactAdult, ["contact", "adult"], batch)

    def add(
        self,
        fam: Fam,
        centre: int,
        day: int,
        kind: str,
        session: int | None,
        worker: int | None,
        minutes: int | None,
        children: list[int],
        adults: list[int],
        notes: str = "",
    ) -> None:
        cid = self.next_id
        self.next_id += 1
        self.contacts.add(
            (
                cid,
                fam.id,
                centre,
                date.fromordinal(day),
                str(kind),
                session,
                worker,
                minutes,
                notes,
                bool(adults),
                self.now,
                "",
                1,
            )
        )
        for child in children:
            self.children.add((cid, child))
        for adult in adults:
            self.adults.add((cid, adult))
        if len(self.contacts.rows) >= self.batch:
            self.flush()

    @property
    def made(self) -> int:
        return self.next_id - self.first_id

    def flush(self) -> None:
        for rows in (self.contacts, self.children, self.adults):
            rows.flush()
        reset_queries()  # DEBUG keeps every query's SQL: don't let it grow with the load

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Contact]):
                cursor.execute(sql)


def step_services(ctx: DemoContext) -> None:
    started = monotonic()

    def clock() -> str:
        return f"{monotonic() - started:.0f}s"

    sim = Simulation(ctx)
    sim.catalogue()
    sim.load_families()
    sim.plan_cases()
    for block in _blocks(sim.start, sim.end):
        with transaction.atomic():
            sim.run_block(block)
        ctx.log(f"  services: to {block.last:%d %b %Y}, {sim.writer.made:,} contacts ({clock()})")
    ctx.log(f"  services: targeted work, the hub, expertise, parents and money ({clock()})")
    with transaction.atomic():
        sim.targeted_work()
        sim.writer.finish()
        _update_last_contact()
        sim.hub()
        sim.expertise()
        sim.parents()
        sim.money()
    ctx.counts.update(sim.counts, contacts=sim.writer.contacts.written)


def _blocks(first: date, last: date) -> list[Block]:
    """School terms, the summer holidays and the short breaks: the timetable changes with them."""
    blocks = []
    for year in range(first.year - 1, last.year + 1):
        for name, start, end in (
            ("spring", date(year, 1, 5), date(year, 3, 27)),
            ("easter", date(year, 3, 28), date(year, 4, 12)),
            ("summer", date(year, 4, 13), date(year, 7, 21)),
            ("holidays", date(year, 7, 22), date(year, 8, 31)),
            ("autumn", date(year, 9, 1), date(year, 12, 18)),
            ("christmas", date(year, 12, 19), date(year + 1, 1, 4)),
        ):
            if max(start, first) <= min(end, last):
                blocks.append(Block(name, max(start, first), min(end, last)))
    return blocks


def _runs_in(offer: Offer, block: Block) -> bool:
    if block.name in ("spring", "summer", "autumn"):
        return True
    if block.name == "holidays":
        return offer.runs in ("holidays", "all_year")
    return offer.runs == "all_year"


def _update_last_contact() -> None:
    """One UPDATE: each family's last contact is its latest contact's date."""
    contacts = Contact.objects.filter(family=OuterRef("pk"))
    latest = contacts.order_by().values("family").annotate(last=Max("date")).values("last")
    Family.objects.filter(Exists(contacts)).update(last_contact_on=Subquery(latest))


class Simulation:
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

    # The catalogue -----------------------------------------------------------------------

    def catalogue(self) -> None:
        partners: dict[str, Partner] = {}
        for kind, name in PARTNERS.items():
            partner = Partner.objects.filter(kind=kind).order_by("pk").first()
            partners[kind] = partner or Partner.objects.create(
                name=name, kind=kind, email=f"{kind.replace('_', '.')}@demo.invalid"
            )
        shared = {o.key: self._service(o, None, partners[o.partner]) for o in OFFERS if o.partner}
        for main in self.mains:
            for offer in OFFERS:
                self.services[(main.pk, offer.key)] = shared.get(offer.key) or self._service(offer, main, None)
        self.counts["services"] = Service.objects.count()

    def _service(self, offer: Offer, centre: Centre | None, partner: Partner | None) -> Service:
        fee, concession = Decimal(offer.fee), Decimal(offer.concession)
        return Service.objects.create(
            name=offer.name,
            category=offer.category,
            description=offer.description,
            provider_centre=centre,
            provider_partner=partner,
            programme=offer.programme,
            evidence_rating=offer.rating,
            min_age_months=offer.ages[0],
            max_age_months=offer.ages[1],
            capacity=offer.capacity,
            booking_required=bool(offer.weeks),
            charge=Charge.FEE if fee else Charge.FREE,
            fee=fee,
            concession_fee=concession,
            cost_per_session=Decimal(offer.cost),
        )

    # The families ------------------------------------------------------------------------

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

    # Who may come, and who took part ----------------------------------------------------

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

    # A block of the timetable -------------------------------------------------------------

    def run_block(self, block: Block) -> None:
        week_sessions: dict[int, dict[int, dict[str, list[Sess]]]] = defaultdict(lambda: defaultdict(dict))
        runs: list[CourseRun] = []
        self.pending: list[tuple[SessionSeries, list[Session], list[Sess]]] = []
        for main in self.mains:
            group = main.pk
            fams = self.families.get(group, [])
            registered = bisect.bisect_right(self.registered.get(group, []), block.first.toordinal())
            demand = self.demand(fams[:registered], block)
            for offer in UNIVERSAL:
                if not _runs_in(offer, block):
                    continue
                slots = max(1, min(MOST_SLOTS, math.ceil(demand.get(offer.key, 0) / (offer.capacity * TARGET_FILL))))
                for site, j, venue in self.placements(group, offer, slots, fams):
                    for sess in self.series(group, offer, site, j, venue, block.first, block.last)[1]:
                        monday = sess.day - date.fromordinal(sess.day).weekday()
                        week_sessions[monday][group].setdefault(offer.key, []).append(sess)
            if block.name in ("spring", "summer", "autumn"):
                runs += self.courses(block, group, registered / FAMILIES_PER_COURSE)
        self.save_pending()
        course_weeks: dict[int, list[tuple[CourseRun, int, Sess]]] = defaultdict(list)
        for run in runs:
            self.book(run, self.families.get(run.group, []), run.sessions[0].day)
            for i, sess in enumerate(run.sessions):
                course_weeks[sess.day - date.fromordinal(sess.day).weekday()].append((run, i, sess))
        for monday in sorted(set(week_sessions) | set(course_weeks)):
            if monday >= self.as_of:
                continue
            for main in self.mains:
                offers = week_sessions[monday].get(main.pk, {})
                self.attend_week(main.pk, monday, offers)
                self.drop_ins(main.pk, offers)
            for run, i, sess in course_weeks.get(monday, []):
                self.attend_course(run, i, sess)

    def demand(self, fams: list[Fam], block: Block) -> dict[str, float]:
        """Expected visits a week to each offer, from a sample of the families registered."""
        day = (block.first.toordinal() + block.last.toordinal()) // 2
        sample = fams if len(fams) <= 300 else self.rng.sample(fams, 300)
        demand: dict[str, float] = defaultdict(float)
        offers = [o for o in UNIVERSAL if _runs_in(o, block)]
        for fam in sample:
            choices = [(o, self.appeal(fam, o)) for o in offers if self.may_come(fam, o, day)]
            total = sum(w for _, w in choices)
            for offer, weight in choices:
                demand[offer.key] += fam.propensity * weight / total
        scale = len(fams) / max(1, len(sample))
        return {k: v * scale for k, v in demand.items()}

    @staticmethod
    def appeal(fam: Fam, offer: Offer) -> float:
        return offer.popularity * (5.0 if offer.key in fam.favourites else 1.0)

    def placements(self, group: int, offer: Offer, slots: int, fams: list[Fam]) -> list[tuple[int, int, str]]:
        """Where the slots run: the main centre, its linked sites, and outreach venues."""
        linked = [s for s in self.sites[group] if s != group] if offer.linked else []
        places: list[tuple[int, int, str]] = []
        if linked:
            share = sum(1 for f in fams if f.centre != group) / max(1, len(fams))
            at_linked = max(1, round(slots * share * 0.8))
            for j in range(at_linked):
                places.append((linked[j % len(linked)], j, ""))
            slots = max(1, slots - at_linked)
        for j in range(slots):
            places.append((group, j, VENUES[(j - 2) % len(VENUES)] if j >= 2 else ""))
        return places

    def series(
        self, group: int, offer: Offer, site: int, j: int, venue: str, first: date, last: date
    ) -> tuple[SessionSeries | None, list[Sess]]:
        """A weekly series of sessions from first to last, saved with the block (save_pending)."""
        rng = self.rng
        key = (group, offer.key, site, j)
        if key not in self.times:  # the same slot keeps its day and time from term to term
            weekday = 5 if offer.who == "father" else rng.randrange(5)
            self.times[key] = (weekday, time(10, 0) if weekday == 5 else rng.choice(STARTS), venue)
        weekday, start, venue = self.times[key]
        first = first + timedelta(days=(weekday - first.weekday()) % 7)
        if first > last:
            return None, []
        last = last - timedelta(days=(last.weekday() - weekday) % 7)
        end = (datetime.combine(first, start) + timedelta(minutes=offer.minutes)).time()
        service = self.services[(group, offer.key)]
        capacity = offer.capacity
        series = SessionSeries(
            service=service,
            centre_id=site,
            weekday=weekday,
            start_time=start,
            end_time=end,
            first_date=first,
            last_date=last,
            capacity=capacity,
        )
        rows, sessions = [], []
        day = first
        while day <= last:
            past = day.toordinal() < self.as_of
            worker = self.worker(site)
            cancelled = rng.random() < 0.01
            taken = past and not cancelled
            rows.append(
                Session(
                    service=service,
                    centre_id=site,
                    venue=venue,
                    date=day,
                    start_time=start,
                    end_time=end,
                    capacity=capacity,
                    cancelled=cancelled,
                    register_taken_at=self.aware(day, end) if taken else None,
                    register_taken_by_id=worker if taken else None,
                )
            )
            sessions.append(Sess(0, site, offer, day.toordinal(), capacity, offer.minutes, worker, cancelled))
            self.planned[(service.pk, financial_year_of(day))] += 1
            if taken:
                self.held[(service.pk, day.year, day.month)] += 1
            day += timedelta(weeks=1)
        self.pending.append((series, rows, sessions))
        return series, sessions

    def save_pending(self) -> None:
        """The block's series, then their sessions, in a few INSERTs; the sessions get their ids."""
        SessionSeries.objects.bulk_create([series for series, _, _ in self.pending], batch_size=2000)
        rows = []
        for series, sessions, _ in self.pending:
            for session in sessions:
                session.series = series
            rows += sessions
        Session.objects.bulk_create(rows, batch_size=2000)
        for _, sessions, plain in self.pending:
            for session, sess in zip(sessions, plain, strict=True):
                sess.id = session.pk
        self.counts["sessions"] += len(rows)
        self.pending = []

    # Attendance ---------------------------------------------------------------------------

    def attend_week(self, group: int, monday: int, offers: dict[str, list[Sess]]) -> None:
        if not offers:
            return
        rng = self.rng
        fams = self.families.get(group, [])
        count = bisect.bisect_right(self.registered.get(group, []), monday + 6)
        if not count:
            return
        running = [o for o in UNIVERSAL if o.key in offers]
        offset = rng.randrange(count)  # a different family is first to the full sessions each week
        for n in range(count):
            fam = fams[(offset + n) % count]
            p = fam.propensity
            visits = int(p) + (rng.random() < p - int(p))
            if not visits:
                continue
            choices = [(o, self.appeal(fam, o)) for o in running if self.may_come(fam, o, monday + 2)]
            for _ in range(visits):
                if not choices:
                    break
                pick = rng.choices(range(len(choices)), weights=[w for _, w in choices])[0]
                offer = choices.pop(pick)[0]
                self.attend(fam, offer, offers[offer.key])

    def attend(self, fam: Fam, offer: Offer, sessions: list[Sess]) -> None:
        """The family's usual slot, or another with room; none when all are full."""
        own = [s for s in sessions if s.centre == fam.centre] or sessions
        others = [s for s in sessions if s not in own]
        start = fam.index % len(own)
        for sess in own[start:] + own[:start] + others:
            if sess.cancelled or sess.day >= self.as_of or sess.day < fam.registered:
                continue
            if len(sess.families) >= sess.capacity or fam.id in sess.families:
                continue
            if not self.may_come(fam, offer, sess.day):
                continue
            self.record(fam, sess)
            return

    def record(self, fam: Fam, sess: Sess) -> None:
        children, adults = self.people(fam, sess.offer, sess.day)
        if not children and not adults:
            return
        sess.families.add(fam.id)
        self.writer.add(
            fam, sess.centre, sess.day, ContactKind.SESSION, sess.id, sess.worker, sess.minutes, children, adults
        )

    def attend_course(self, run: CourseRun, i: int, sess: Sess) -> None:
        if sess.cancelled or sess.day >= self.as_of:
            return
        for fam, stays in run.booked:
            if i < stays and self.rng.random() < 0.85:
                self.record(fam, sess)

    def courses(self, block: Block, group: int, expected: float) -> list[CourseRun]:
        """Booked courses of 8 to 10 weeks, starting in the first weeks of term: about `expected`
        groups of each a term, so a small centre runs a course some terms only."""
        rng, runs = self.rng, []
        for offer in COURSES:
            for j in range(min(4, int(expected) + (rng.random() < expected - int(expected)))):
                first = block.first + timedelta(weeks=rng.randrange(3))
                last = min(block.last, first + timedelta(weeks=offer.weeks - 1))
                if (last - first).days < 5 * 7:
                    continue
                series, sessions = self.series(group, offer, group, 100 + j, "", first, last)
                if series is not None and sessions:
                    runs.append(CourseRun(offer, group, series, sessions))
        return runs

    def book(self, run: CourseRun, fams: list[Fam], day: int) -> None:
        """Places go to the families in most need, then a waiting list."""
        rng, offer = self.rng, run.offer
        scored = []
        for fam in fams:
            if fam.registered > day or not self.may_come(fam, offer, day):
                continue
            need = (2.0 if fam.deprived else 1.0) * (1.5 if fam.lone else 1.0) * (3.0 if fam.case else 1.0)
            weight = need * (0.2 + fam.propensity)
            scored.append((rng.random() ** (1 / weight), fam))  # weighted sampling without replacement
        scored.sort(key=lambda pair: -pair[0])
        wanted = offer.capacity + rng.randint(0, 4)
        created_by = run.sessions[0].worker
        rows = []
        for n, (_, fam) in enumerate(scored[:wanted]):
            kids = self.kids_for(fam, offer, day)
            status = Booking.Status.BOOKED if n < offer.capacity else Booking.Status.WAITING
            if status == Booking.Status.BOOKED and rng.random() < 0.05:
                status = Booking.Status.CANCELLED
            if status == Booking.Status.BOOKED:
                run.booked.append((fam, rng.randint(2, offer.weeks) if rng.random() < 0.2 else offer.weeks))
            rows.append(
                Booking(
                    series=run.series,
                    family_id=fam.id,
                    child_id=kids[0] if kids else None,
                    status=status,
                    created_by_id=created_by,
                )
            )
        Booking.objects.bulk_create(rows)
        self.counts["bookings"] += len(rows)

    def drop_ins(self, group: int, offers: dict[str, list[Sess]]) -> None:
        """A few visitors a week sign in at the door; some register within three weeks."""
        rng = self.rng
        past = [s for sessions in offers.values() for s in sessions if s.day < self.as_of and not s.cancelled]
        if not past:
            return
        rows = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            sess = rng.choice(past)
            converted = None
            if rng.random() < 0.3 and len(sess.families) < sess.capacity:
                regs = self.registered.get(group, [])
                i, j = bisect.bisect_right(regs, sess.day), bisect.bisect_right(regs, sess.day + 21)
                if i < j:
                    fam = self.families[group][rng.randrange(i, j)]
                    if fam.id not in sess.families:
                        converted = fam
                        # As the register does: the visit becomes the family's attendance.
                        kids = [c for c, born, fifth in fam.kids if born <= sess.day < fifth]
                        sess.families.add(fam.id)
                        self.writer.add(
                            fam,
                            sess.centre,
                            sess.day,
                            ContactKind.SESSION,
                            sess.id,
                            sess.worker,
                            sess.minutes,
                            kids,
                            [fam.mother] if fam.mother else [],
                        )
            rows.append(
                DropInVisit(
                    session_id=sess.id,
                    carer_name=f"{rng.choice(FIRST_NAMES_FEMALE)} {rng.choice(LAST_NAMES)}",
                    child_name=rng.choice(FIRST_NAMES_FEMALE + FIRST_NAMES_MALE),
                    child_age_months=rng.randint(1, 48),
                    recorded_by_id=sess.worker,
                    converted_family_id=converted.id if converted else None,
                )
            )
        DropInVisit.objects.bulk_create(rows)
        self.counts["drop_ins"] += len(rows)

    # Targeted work ------------------------------------------------------------------------

    def targeted_work(self) -> None:
        """Welcome calls after registration, and the key workers' cases: home visits, calls, plans."""
        rng, writer = self.rng, self.writer
        first = self.start.toordinal()
        cases: list[tuple[Case, Fam]] = []
        for fams in self.families.values():
            for fam in fams:
                welcome = fam.registered + rng.randint(0, 14)
                if first <= welcome < self.as_of and rng.random() < (0.6 if fam.deprived else 0.35):
                    kind = ContactKind.OUTREACH if rng.random() < 0.3 else ContactKind.PHONE
                    writer.add(
                        fam,
                        fam.centre,
                        welcome,
                        kind,
                        None,
                        self.worker(fam.centre),
                        20,
                        [],
                        [fam.mother] if fam.mother else [],
                        rng.choice(CONTACT_NOTES[kind]),
                    )
                if fam.case is None:
                    continue
                case = self.case(fam)
                cases.append((case, fam))
                day, closed = fam.case[0], min(fam.case[1], self.as_of - 1)
                while day <= closed:
                    kind = rng.choices(
                        [ContactKind.HOME_VISIT, ContactKind.PHONE, ContactKind.ONE_TO_ONE], weights=[6, 3, 1]
                    )[0]
                    kids = [c for c, born, fifth in fam.kids if born <= day < fifth]
                    writer.add(
                        fam,
                        fam.centre,
                        day,
                        kind,
                        None,
                        case.key_worker_id,
                        rng.choice([20, 45, 60, 90]),
                        kids if kind == ContactKind.HOME_VISIT else [],
                        [fam.mother] if fam.mother else [],
                        rng.choice(CONTACT_NOTES[kind]),
                    )
                    day += rng.randint(7, 21)
                if len(cases) >= 1000:
                    self.plans(cases)
                    cases = []
        self.plans(cases)

    def case(self, fam: Fam) -> Case:
        rng = self.rng
        assert fam.case is not None  # noqa: S101 - only called for families with a case
        opened, closes = fam.case
        closed = date.fromordinal(closes) if closes < self.as_of else None
        worker = self.worker(fam.centre)
        return Case(
            family_id=fam.id,
            key_worker_id=worker,
            opened_on=date.fromordinal(opened),
            reason=rng.choice(CASE_REASONS),
            referral_source=rng.choice(REFERRERS),
            closed_on=closed,
            closing_outcome=rng.choices(
                [CaseOutcome.GOALS_MET, CaseOutcome.PARTLY_MET, CaseOutcome.DISENGAGED, CaseOutcome.STEPPED_UP],
                weights=[50, 30, 15, 5],
            )[0]
            if closed
            else "",
        )

    def plans(self, cases: list[tuple[Case, Fam]]) -> None:
        if not cases:
            return
        rng = self.rng
        Case.objects.bulk_create([c for c, _ in cases])
        goals, reviews = [], []
        for case, fam in cases:
            for goal, actions in rng.sample(GOALS, rng.randint(2, 3)):
                status = GoalStatus.OPEN
                if case.closed_on:
                    status = rng.choice([GoalStatus.ACHIEVED, GoalStatus.ACHIEVED, GoalStatus.PARTLY_ACHIEVED])
                goals.append(
                    PlanGoal(
                        case=case,
                        family_id=fam.id,
                        goal=goal,
                        actions=actions,
                        owner="Key worker and parent",
                        review_on=case.opened_on + timedelta(weeks=12),
                        status=status,
                        updated_on=case.closed_on or case.opened_on,
                    )
                )
            review = case.opened_on + timedelta(weeks=12)
            while review < (case.closed_on or self.ctx.as_of):
                reviews.append(
                    PlanReview(
                        case=case,
                        family_id=fam.id,
                        reviewed_on=review,
                        recorded_by_id=case.key_worker_id,
                        summary="Reviewed the plan with the family; goals updated.",
                        next_review_on=review + timedelta(weeks=12),
                    )
                )
                review += timedelta(weeks=12)
        PlanGoal.objects.bulk_create(goals)
        PlanReview.objects.bulk_create(reviews)
        self.counts["cases"] += len(cases)

    # The hub, expertise, parents and money -----------------------------------------------

    def hub(self) -> None:
        """Rooms, community groups' regular bookings (never overlapping), and volunteers."""
        rng = self.rng
        bookings: list[RoomBooking] = []
        for centre in [c for c in self.ctx.centres if c.pk in self.group_of]:
            main = centre.kind == Centre.Kind.MAIN
            specs = (
                [("Main hall", 40), ("Community room", 25), ("Meeting room", 10)] if main else [("Community room", 20)]
            )
            rooms = Room.objects.bulk_create(Room(centre=centre, name=n, capacity=c) for n, c in specs)
            free = [(room, weekday, slot) for room in rooms for weekday in range(5) for slot in ROOM_SLOTS]
            worker = self.worker(centre.pk)
            for (group_name, people), (room, weekday, (starts, ends)) in zip(
                rng.sample(ROOM_GROUPS, rng.randint(2, 5) if main else 2),
                rng.sample(free, 5 if main else 2),
                strict=False,
            ):
                day = self.start + timedelta(days=rng.randint(0, 200))
                day += timedelta(days=(weekday - day.weekday()) % 7)
                fortnightly = rng.random() < 0.3
                contact = f"{rng.choice(FIRST_NAMES_FEMALE + FIRST_NAMES_MALE)} {rng.choice(LAST_NAMES)}"
                while day <= self.end:
                    bookings.append(
                        RoomBooking(
                            room=room,
                            group_name=group_name,
                            contact_name=contact,
                            contact_phone=f"07700 900{rng.randint(0, 999):03d}",
                            starts_at=self.aware(day, starts),
                            ends_at=self.aware(day, ends),
                            attendees_expected=min(room.capacity, people),
                            booked_by_id=worker,
                            charge=Decimal(rng.choice([0, 15, 20, 25])),
                            cancelled=rng.random() < 0.03,
                        )
                    )
                    day += timedelta(weeks=2 if fortnightly else 1)
        RoomBooking.objects.bulk_create(bookings, batch_size=2000)
        self.counts["room_bookings"] = len(bookings)
        self.volunteers()

    def volunteers(self) -> None:
        rng, first = self.rng, self.start.toordinal()
        entries: list[Volunteer] = []
        parents: dict[int, int] = {}
        for main in self.mains:
            fams = [f for f in self.families.get(main.pk, []) if f.mother and f.registered < self.as_of - 60]
            for _ in range(rng.randint(4, 9)):
                fam = rng.choice(fams) if fams and rng.random() < 0.65 else None
                started = rng.randint(max(first, fam.registered) if fam else first, self.as_of - 30)
                ended = started + rng.randint(60, 500) if rng.random() < 0.3 else None
                name = f"{rng.choice(FIRST_NAMES_FEMALE + FIRST_NAMES_MALE)} {rng.choice(LAST_NAMES)}"
                volunteer = Volunteer(
                    centre=main,
                    name=name,
                    adult_id=fam.mother if fam else None,
                    started_on=date.fromordinal(started),
                    ended_on=date.fromordinal(ended) if ended and ended < self.as_of else None,
                    roles=rng.choice(["Stay and play helper", "Reception and welcome", "Toy library", "Lunch club"]),
                )
                entries.append(volunteer)
                if fam and fam.mother:
                    parents[len(entries) - 1] = fam.mother
        names = self.adult_names(list(parents.values()))
        for i, adult in parents.items():
            entries[i].name = names.get(adult, entries[i].name)
        Volunteer.objects.bulk_create(entries)
        hours = []
        for volunteer in entries:
            month = volunteer.started_on.replace(day=1)
            stop = min(volunteer.ended_on or self.ctx.as_of, self.ctx.as_of - timedelta(days=1))
            while month <= stop:
                day = min(stop, max(volunteer.started_on, month + timedelta(days=rng.randint(0, 27))))
                hours.append(
                    VolunteerHours(
                        volunteer=volunteer,
                        date=day,
                        hours=Decimal(rng.choice(["2", "3", "4.5", "6", "9"])),
                        activity=volunteer.roles,
                        recorded_by_id=self.worker(volunteer.centre_id),
                    )
                )
                month = (month + timedelta(days=32)).replace(day=1)
        VolunteerHours.objects.bulk_create(hours, batch_size=2000)
        self.counts["volunteers"] = len(entries)

    @staticmethod
    def adult_names(ids: list[int]) -> dict[int, str]:
        adults = Adult.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name")
        return {pk: f"{first} {last}" for pk, first, last in adults}

    def expertise(self) -> None:
        """Childminders, nurseries, pre-schools and schools, and the training the centres give them."""
        rng = self.rng
        postcodes = list(
            Postcode.objects.filter(lsoa_2021__in=self.ctx.lsoas)
            .order_by("postcode")
            .values_list("postcode", flat=True)[:500]
        )
        kinds = [Setting.Kind.CHILDMINDER, Setting.Kind.NURSERY, Setting.Kind.PRESCHOOL, Setting.Kind.SCHOOL]
        urns: set[str] = set(Setting.objects.values_list("ofsted_urn", flat=True))
        events, attendances = [], []
        for main in self.mains:
            place = main.name.split(" Children's Centre")[0]
            settings_: list[Setting] = []
            for _ in range(rng.randint(6, 10)):
                kind = rng.choices(kinds, weights=[45, 25, 15, 15])[0]
                urn = ""
                while not urn or urn in urns:
                    urn = (
                        f"EY{rng.randint(100000, 999999)}"
                        if kind != Setting.Kind.SCHOOL
                        else f"{rng.randint(100000, 149999)}"
                    )
                urns.add(urn)
                person = f"{rng.choice(FIRST_NAMES_FEMALE)} {rng.choice(LAST_NAMES)}"
                nursery = rng.choice(["Little Stars", "Acorns", "Busy Bees", "Rainbow"])
                name = {
                    Setting.Kind.CHILDMINDER: f"{person} (childminder)",
                    Setting.Kind.NURSERY: f"{nursery} Day Nursery, {place}",
                    Setting.Kind.PRESCHOOL: f"{place} Pre-school",
                    Setting.Kind.SCHOOL: f"{place} Primary School (nursery class)",
                }[kind]
                settings_.append(
                    Setting(name=name, kind=kind, ofsted_urn=urn, postcode=rng.choice(postcodes) if postcodes else "")
                )
            Setting.objects.bulk_create(settings_)
            day = self.start + timedelta(days=rng.randint(0, 20))
            while day < self.ctx.as_of:
                title, event_kind = rng.choice(TRAINING)
                event = TrainingEvent(
                    centre=main,
                    title=title,
                    date=day,
                    kind=event_kind,
                    delivered_by_id=self.worker(main.pk),
                    hours=Decimal(rng.choice(["1.5", "2", "2.5", "3", "6"])),
                )
                events.append(event)
                count = 1 if event_kind == TrainingEvent.Kind.SUPPORT_VISIT else rng.randint(3, len(settings_))
                for setting in rng.sample(settings_, min(count, len(settings_))):
                    attendances.append(TrainingAttendance(event=event, setting=setting, attendees=rng.randint(1, 4)))
                day += timedelta(days=rng.randint(14, 28))
        TrainingEvent.objects.bulk_create(events)
        TrainingAttendance.objects.bulk_create(attendances, batch_size=2000)
        self.counts["training_events"] = len(events)

    def parents(self) -> None:
        """A parents' forum per main centre, feedback (mostly satisfied), and "you said, we did"."""
        rng, first = self.rng, self.start.toordinal()
        members, meetings, feedback, said = [], [], [], []
        roles = [
            ForumMember.Role.CHAIR,
            ForumMember.Role.VICE_CHAIR,
            ForumMember.Role.SECRETARY,
            ForumMember.Role.TREASURER,
        ]
        for main in self.mains:
            forum = ParentForum.objects.create(centre=main, name=f"{main.name.split(' Children')[0]} parents' forum")
            fams = [f for f in self.families.get(main.pk, []) if f.mother and f.registered < self.as_of - 60]
            size = rng.randint(6, 14)
            for n, fam in enumerate(rng.sample(fams, min(size, len(fams)))):
                joined = rng.randint(max(first, fam.registered), self.as_of - 30)
                left = rng.randint(joined, self.as_of - 1) if rng.random() < 0.25 else None
                named = rng.random() < 0.15  # a community representative, not a registered parent
                members.append(
                    ForumMember(
                        forum=forum,
                        adult_id=None if named else fam.mother,
                        name=f"{rng.choice(FIRST_NAMES_FEMALE)} {rng.choice(LAST_NAMES)}" if named else "",
                        role=roles[n] if n < len(roles) else ForumMember.Role.MEMBER,
                        joined_on=date.fromordinal(joined),
                        left_on=date.fromordinal(left) if left else None,
                    )
                )
            day = self.start + timedelta(days=rng.randint(0, 30))
            while day < self.ctx.as_of:
                meetings.append(
                    ForumMeeting(
                        forum=forum,
                        date=day,
                        attendees=rng.randint(4, max(4, size)),
                        minutes_summary=rng.choice(FORUM_MINUTES),
                    )
                )
                day += timedelta(weeks=rng.choice([5, 6, 7]))
            services = [s for (g, _), s in self.services.items() if g == main.pk]
            for day_ord in range(first, self.as_of, 9):
                worker = self.worker(main.pk)
                if rng.random() < 0.3:
                    continue
                satisfaction = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 10, 40, 45])[0]
                anonymous = rng.random() < 0.7
                feedback.append(
                    Feedback(
                        centre=main,
                        service=rng.choice(services) if rng.random() < 0.8 else None,
                        date=date.fromordinal(day_ord),
                        satisfaction=satisfaction,
                        comment=rng.choice(FEEDBACK[satisfaction]),
                        anonymous=anonymous,
                        given_by="" if anonymous else f"{rng.choice(FIRST_NAMES_FEMALE)} {rng.choice(LAST_NAMES)}",
                        recorded_by_id=worker,
                    )
                )
            for you_said, we_did in rng.sample(YOU_SAID, rng.randint(3, 5)):
                day = date.fromordinal(rng.randint(first, self.as_of - 1))
                published = rng.random() < 0.8
                said.append(
                    YouSaidWeDid(
                        centre=main,
                        you_said=you_said,
                        we_did=we_did,
                        date=day,
                        published=published,
                        published_at=self.aware(day, time(10, 0)) if published else None,
                    )
                )
        # Members who are registered parents keep their name here too, as the volunteers do.
        names = self.adult_names([m.adult_id for m in members if m.adult_id])
        for member in members:
            member.name = member.name or names.get(member.adult_id or 0, "")
        ForumMember.objects.bulk_create(members)
        ForumMeeting.objects.bulk_create(meetings)
        Feedback.objects.bulk_create(feedback, batch_size=2000)
        YouSaidWeDid.objects.bulk_create(said)
        self.counts["feedback"] = len(feedback)

    def money(self) -> None:
        """A budget per service per financial year, and each month's spend on the sessions held."""
        rng = self.rng
        by_id = {s.pk: s for s in self.services.values()}
        centre_of = {s.pk: g for (g, _), s in self.services.items()}
        default = self.fallback_user.pk if self.fallback_user else None
        budgets, spends = [], []
        for (service_id, year), sessions in sorted(self.planned.items()):
            user = self.managers.get(centre_of[service_id], default)
            if user is None:
                continue
            # What the year's sessions cost, with a margin, to the nearest £100.
            amount = sessions * by_id[service_id].cost_per_session * Decimal(str(round(rng.uniform(1.0, 1.12), 2)))
            hundreds = max(1, int((amount / 100).quantize(Decimal(1))))
            budgets.append(
                Budget(service_id=service_id, financial_year=year, amount=Decimal(hundreds * 100), set_by_id=user)
            )
        this_month = (self.ctx.as_of.year, self.ctx.as_of.month)
        for (service_id, year, month), sessions in sorted(self.held.items()):
            user = self.managers.get(centre_of[service_id], default)
            if user is None or (year, month) >= this_month:
                continue
            last_day = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            spends.append(
                Spend(
                    service_id=service_id,
                    date=last_day,
                    recorded_by_id=user,
                    amount=sessions * by_id[service_id].cost_per_session,
                    description=f"{sessions} sessions in {last_day:%B %Y}: staff, room and materials",
                )
            )
        Budget.objects.bulk_create(budgets)
        Spend.objects.bulk_create(spends, batch_size=2000)
        self.counts["spend"] = len(spends)


def _fifth_birthday(born: date) -> int:
    try:
        return born.replace(year=born.year + 5).toordinal()
    except ValueError:  # born on 29 February
        return date(born.year + 5, 3, 1).toordinal()
