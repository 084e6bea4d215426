"""Attendance: who comes to the week's sessions, who books a course, who drops in."""

from __future__ import annotations

import bisect

from centres.demo.names import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES
from centres.demo.services.offers import UNIVERSAL, Offer
from centres.demo.services.simulation import CourseRun, Fam, Sess, SimulationBase
from services.models import Booking, ContactKind, DropInVisit


class Attendance(SimulationBase):
    """Registers, course bookings and drop-in visits."""

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
