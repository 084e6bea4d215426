"""The centres as community hubs: rooms, community groups' regular bookings, and volunteers."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from centres.demo.names import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES
from centres.demo.services.simulation import SimulationBase
from centres.models import Centre
from services.models import Room, RoomBooking, Volunteer, VolunteerHours

ROOM_GROUPS = [
    ("Over-60s lunch club", 25), ("Residents' association", 15), ("Slimming group", 20), ("Credit union", 6),
    ("Citizens Advice drop-in", 8), ("Tenants' forum", 12), ("Somali women's group", 15), ("Yoga for parents", 12),
    ("Polish Saturday school", 20), ("Knit and natter", 10),
]  # fmt: skip
ROOM_SLOTS = [(time(9, 30), time(11, 30)), (time(12, 0), time(14, 0)), (time(14, 30), time(16, 30)),
              (time(18, 0), time(19, 30)), (time(19, 45), time(21, 30))]  # fmt: skip


class Hub(SimulationBase):
    """Rooms and their bookings, and volunteers with their hours."""

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
