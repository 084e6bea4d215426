"""The outcome instruments shipped with the system (strand 1), as data.

Idempotent by code: running it again updates the descriptions and ranges of the shipped
instruments and adds what is missing, never duplicates, and leaves an administrator's choice
of which instruments are active alone. The data lives in this file, not in app code, so that
the migration does the same thing however the app changes later.
"""

from decimal import Decimal as D

from django.db import migrations

SCALE, YES_NO, CHILD, ADULT = "scale", "yes_no", "child", "adult"

INSTRUMENTS = [
    {
        "code": "WEMWBS",
        "name": "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
        "description": (
            "14 statements about feelings and thoughts over the last two weeks, each scored from 1 "
            "(none of the time) to 5 (all of the time). The total runs from 14 to 70."
        ),
        "kind": SCALE,
        "subject": ADULT,
        "min_score": D("14"),
        "max_score": D("70"),
        "higher_is_better": True,
        # Maheswaran, Weich, Powell and Stewart-Brown (2012), "Evaluating the responsiveness of
        # the Warwick Edinburgh Mental Well-Being Scale (WEMWBS)", Health and Quality of Life
        # Outcomes 10:156, found a standard error of measurement of 2.4 to 3.1 points; a change
        # of 3 points is the threshold commonly used for a meaningful change in one person. (A
        # strict Reliable Change Index, 1.96 x sqrt(2) x SEM, would be about 8.)
        "reliable_change": D("3"),
        "domains": [],
    },
    {
        "code": "SWEMWBS",
        "name": "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
        "description": (
            "7 of the WEMWBS statements, each scored from 1 to 5. Record the raw total, 7 to 35 "
            "(not the metric score from the conversion table)."
        ),
        "kind": SCALE,
        "subject": ADULT,
        "min_score": D("7"),
        "max_score": D("35"),
        "higher_is_better": True,
        "reliable_change": None,
        "domains": [],
    },
    {
        "code": "PSOC",
        "name": "Parenting Sense of Competence scale (PSOC)",
        "description": (
            "A parent's sense of self-efficacy and satisfaction as a parent: 17 statements scored "
            "from 1 (strongly disagree) to 6 (strongly agree), the negatively worded ones reversed "
            "before adding. The total runs from 17 to 102."
        ),
        "kind": SCALE,
        "subject": ADULT,
        "min_score": D("17"),
        "max_score": D("102"),
        "higher_is_better": True,
        "reliable_change": None,
        "domains": [],
    },
    {
        "code": "SDQ",
        "name": "Strengths and Difficulties Questionnaire (SDQ), ages 2 to 4",
        "description": (
            "The parent or teacher version for 2 to 4 year olds. Five scales of 0 to 10; the total "
            "difficulties score (0 to 40, lower is better) adds the four difficulty scales, not "
            "the prosocial one."
        ),
        "kind": SCALE,
        "subject": CHILD,
        "min_score": D("0"),
        "max_score": D("40"),
        "higher_is_better": False,
        "reliable_change": None,
        "domains": [
            ("emotional", "Emotional symptoms", D("0"), D("10"), False, True),
            ("conduct", "Conduct problems", D("0"), D("10"), False, True),
            ("hyperactivity", "Hyperactivity and inattention", D("0"), D("10"), False, True),
            ("peer", "Peer relationship problems", D("0"), D("10"), False, True),
            ("prosocial", "Prosocial behaviour", D("0"), D("10"), True, False),
        ],
    },
    {
        "code": "ASQ3",
        "name": "Ages and Stages Questionnaires, third edition (ASQ-3)",
        "description": (
            "Five developmental domains, each scored from 0 to 60 (higher is better), on the "
            "questionnaire for the child's age. A domain score below its cutoff for that age "
            "needs a closer look. ASQ-3 is read domain by domain: the total (0 to 300) is kept "
            "only to compare the same child's baseline and later scores."
        ),
        "kind": SCALE,
        "subject": CHILD,
        "min_score": D("0"),
        "max_score": D("300"),
        "higher_is_better": True,
        "reliable_change": None,
        "domains": [
            ("communication", "Communication", D("0"), D("60"), True, True),
            ("gross_motor", "Gross motor", D("0"), D("60"), True, True),
            ("fine_motor", "Fine motor", D("0"), D("60"), True, True),
            ("problem_solving", "Problem solving", D("0"), D("60"), True, True),
            ("personal_social", "Personal-social", D("0"), D("60"), True, True),
        ],
    },
    {
        "code": "FAMILY_STAR",
        "name": "Outcomes Star: Family Star Plus",
        "description": (
            "Ten areas of family life, each placed by the parent and worker on a journey of change "
            "scored from 1 to 10. The total runs from 10 to 100. The Outcomes Star is licensed by "
            "Triangle Consulting: check the areas against your licensed version."
        ),
        "kind": SCALE,
        "subject": ADULT,
        "min_score": D("10"),
        "max_score": D("100"),
        "higher_is_better": True,
        "reliable_change": None,
        "domains": [
            (code, name, D("1"), D("10"), True, True)
            for code, name in [
                ("physical_health", "Physical health"),
                ("wellbeing", "Your well-being"),
                ("emotional_needs", "Meeting emotional needs"),
                ("safety", "Keeping your children safe"),
                ("social_networks", "Social networks"),
                ("education", "Education and learning"),
                ("boundaries", "Boundaries and behaviour"),
                ("routine", "Family routine"),
                ("home_money", "Home and money"),
                ("work", "Progress to work"),
            ]
        ],
    },
    {
        "code": "EYFS_GLD",
        "name": "EYFS Profile: Good Level of Development",
        "description": (
            "Whether the child reached a good level of development in the Early Years Foundation "
            "Stage Profile at the end of the reception year."
        ),
        "kind": YES_NO,
        "subject": CHILD,
        "min_score": None,
        "max_score": None,
        "higher_is_better": True,
        "reliable_change": None,
        "domains": [],
    },
]

# ASQ-3 cutoffs (below the cutoff: refer for assessment) for a few questionnaire intervals, by
# domain in the order communication, gross motor, fine motor, problem solving, personal-social.
# 27 months is the questionnaire of the Healthy Child Programme's 2 to 2½ year review.
# These figures are as commonly reproduced from the ASQ-3 User's Guide (Squires and Bricker,
# Brookes Publishing, 2009): THEY MUST BE CHECKED AGAINST THE LICENSED ASQ-3 MANUAL before
# anyone acts on them, and the other intervals added from it.
ASQ3_CUTOFFS = {
    12: (D("15.64"), D("21.49"), D("34.50"), D("27.32"), D("21.73")),
    24: (D("25.17"), D("38.07"), D("35.16"), D("29.78"), D("31.54")),
    27: (D("24.02"), D("28.01"), D("18.42"), D("27.62"), D("25.31")),
    36: (D("30.99"), D("36.99"), D("18.07"), D("30.29"), D("35.33")),
    48: (D("30.72"), D("32.78"), D("15.81"), D("31.30"), D("26.60")),
}


def load_instruments(apps, schema_editor):
    Instrument = apps.get_model("outcomes", "Instrument")
    InstrumentDomain = apps.get_model("outcomes", "InstrumentDomain")
    DomainCutoff = apps.get_model("outcomes", "DomainCutoff")
    for spec in INSTRUMENTS:
        fields = {key: value for key, value in spec.items() if key not in ("code", "domains")}
        fields["local"] = False
        instrument, _ = Instrument.objects.update_or_create(
            code=spec["code"], defaults=fields, create_defaults={**fields, "active": True}
        )
        for order, (code, name, low, high, higher_is_better, in_total) in enumerate(spec["domains"], start=1):
            InstrumentDomain.objects.update_or_create(
                instrument=instrument,
                code=code,
                defaults={
                    "name": name,
                    "min_score": low,
                    "max_score": high,
                    "higher_is_better": higher_is_better,
                    "in_total": in_total,
                    "order": order,
                },
            )
    asq_domains = list(InstrumentDomain.objects.filter(instrument__code="ASQ3").order_by("order"))
    for interval, cutoffs in ASQ3_CUTOFFS.items():
        for domain, cutoff in zip(asq_domains, cutoffs, strict=True):
            DomainCutoff.objects.update_or_create(
                domain=domain, age_interval_months=interval, defaults={"cutoff": cutoff}
            )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_instruments_assessments_health_progress")]

    # Going back leaves the rows: 0002's reversal drops the tables anyway.
    operations = [migrations.RunPython(load_instruments, migrations.RunPython.noop)]
