"""The hub, expertise and parents: room bookings, volunteers, settings' training, forums and feedback."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from centres.demo.names import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES
from centres.demo.services.simulation import SimulationBase
from centres.models import Centre, Postcode
from families.models import Adult
from services.models import (
    Feedback,
    ForumMeeting,
    ForumMember,
    ParentForum,
    Room,
    RoomBooking,
    Setting,
    TrainingAttendance,
    TrainingEvent,
    Volunteer,
    VolunteerHours,
    YouSaidWeDid,
)

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


class Community(SimulationBase):
    """The centres as community hubs."""

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
