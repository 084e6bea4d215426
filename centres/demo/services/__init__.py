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

Each concern has its module: `offers` (what is on), `catalogue`, `families`, `timetable` and
`attendance`, `cases` (targeted work), `hub`, `expertise`, `parents`, `money`, and
`writer` (the bulk writes). `Simulation` puts them together over one shared state
(`simulation.SimulationBase`).
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from django.db import transaction

from centres.demo.services.cases import TargetedWork
from centres.demo.services.catalogue import Catalogue
from centres.demo.services.expertise import Expertise
from centres.demo.services.families import Families
from centres.demo.services.hub import Hub
from centres.demo.services.money import Money
from centres.demo.services.offers import COURSES, OFFERS, PARTNERS, UNIVERSAL, Offer
from centres.demo.services.parents import Parents
from centres.demo.services.simulation import Block, CourseRun, Fam, Sess
from centres.demo.services.timetable import Timetable, blocks
from centres.demo.services.writer import CONTACT_BATCH, USE_COPY, Contacts, Rows, update_last_contact

if TYPE_CHECKING:
    from centres.demo import DemoContext

__all__ = [
    "CONTACT_BATCH",
    "COURSES",
    "OFFERS",
    "PARTNERS",
    "UNIVERSAL",
    "USE_COPY",
    "Block",
    "Contacts",
    "CourseRun",
    "Fam",
    "Offer",
    "Rows",
    "Sess",
    "Simulation",
    "step_services",
]


class Simulation(Catalogue, Families, Timetable, TargetedWork, Hub, Expertise, Parents, Money):
    """The whole simulation: each base class is one concern, all over the same state."""


def step_services(ctx: DemoContext) -> None:
    started = monotonic()

    def clock() -> str:
        return f"{monotonic() - started:.0f}s"

    sim = Simulation(ctx)
    sim.catalogue()
    sim.load_families()
    sim.plan_cases()
    for block in blocks(sim.start, sim.end):
        with transaction.atomic():
            sim.run_block(block)
        ctx.log(f"  services: to {block.last:%d %b %Y}, {sim.writer.made:,} contacts ({clock()})")
    ctx.log(f"  services: targeted work, the hub, expertise, parents and money ({clock()})")
    with transaction.atomic():
        sim.targeted_work()
        sim.writer.finish()
        update_last_contact()
        sim.hub()
        sim.expertise()
        sim.parents()
        sim.money()
    ctx.counts.update(sim.counts, contacts=sim.writer.contacts.written)
