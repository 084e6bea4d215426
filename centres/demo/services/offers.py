"""What the demo centres offer: the catalogue's services and courses, and where and when they run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from partnerships.models import PartnerKind
from services.models import Category, EvidenceRating

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
