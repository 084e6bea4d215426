"""Parents: a forum per main centre, feedback on the services, and "you said, we did"."""

from __future__ import annotations

from datetime import date, time, timedelta

from centres.demo.names import FIRST_NAMES_FEMALE, LAST_NAMES
from centres.demo.services.simulation import SimulationBase
from services.models import Feedback, ForumMeeting, ForumMember, ParentForum, YouSaidWeDid

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


class Parents(SimulationBase):
    """Parents' forums, feedback and "you said, we did"."""

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
