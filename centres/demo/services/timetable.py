"""The timetable, block by block (terms and holidays), sized to the families each centre serves."""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from centres.demo.services.attendance import Attendance
from centres.demo.services.offers import COURSES, STARTS, UNIVERSAL, VENUES, Offer
from centres.demo.services.simulation import Block, CourseRun, Fam, Sess
from services.models import Session, SessionSeries, financial_year_of

TARGET_FILL = 0.7  # the timetable is sized so that sessions are about this full
MOST_SLOTS = 60  # weekly slots of one service in one centre's group, outreach venues included
FAMILIES_PER_COURSE = 1500  # registered families per group of each course a term


def blocks(first: date, last: date) -> list[Block]:
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


class Timetable(Attendance):
    """A block's series and sessions, then the weeks of attendance at them."""

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
