"""Expertise: childminders, nurseries, pre-schools and schools, and the training the centres give them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from centres.demo.names import FIRST_NAMES_FEMALE, LAST_NAMES
from centres.demo.services.simulation import SimulationBase
from centres.models import Postcode
from services.models import Setting, TrainingAttendance, TrainingEvent

TRAINING = [
    ("Safeguarding refresher", TrainingEvent.Kind.TRAINING),
    ("EYFS: observation and assessment", TrainingEvent.Kind.TRAINING),
    ("Speech and language: WellComm screening", TrainingEvent.Kind.TRAINING),
    ("SEND: the graduated approach", TrainingEvent.Kind.TRAINING),
    ("Childminders' network", TrainingEvent.Kind.NETWORK),
    ("Support visit: room layout and play", TrainingEvent.Kind.SUPPORT_VISIT),
]


class Expertise(SimulationBase):
    """Early years settings and the centres' training and support visits."""

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
