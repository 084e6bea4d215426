"""Code lists for people and households."""

from django.db import models


class Ethnicity(models.TextChoices):
    """The 19 ethnic groups of the 2021 Census (ONS), with the Department for Education's codes."""

    WHITE_BRITISH = "WBRI", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "WIRI", "White: Irish"
    WHITE_TRAVELLER = "WIRT", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "WROM", "White: Roma"
    WHITE_OTHER = "WOTH", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "MWBC", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "MWBA", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "MWAS", "Mixed: White and Asian"
    MIXED_OTHER = "MOTH", "Mixed: any other Mixed or multiple ethnic background"
    ASIAN_INDIAN = "AIND", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "APKN", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "ABAN", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "CHNE", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "AOTH", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "BAFR", "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "BCRB", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "BOTH", "Black, Black British, Caribbean or African: any other Black background"
    ARAB = "OARB", "Other ethnic group: Arab"
    OTHER = "OOTH", "Other ethnic group: any other ethnic group"
    NOT_STATED = "NOBT", "Not stated"


# "Black and minority ethnic" as the target group: every group but White British, among people
# whose ethnicity is known. (Some authorities also leave out White Irish: a setting could.)
NOT_MINORITY_ETHNIC = frozenset({Ethnicity.WHITE_BRITISH, Ethnicity.NOT_STATED})


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Not known"


class Relationship(models.TextChoices):
    """The carer's relationship to the children of the household."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent or parent's partner"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Other relative (kinship carer)"
    OTHER = "other", "Other carer"


class Employment(models.TextChoices):
    EMPLOYED = "employed", "In paid work"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    UNEMPLOYED = "unemployed", "Unemployed and looking for work"
    NOT_WORKING = "not_working", "Not working and not looking (for example caring full time)"
    UNABLE = "unable", "Unable to work (for example long-term sick or disabled)"
    NOT_KNOWN = "not_known", "Not known"


IN_WORK = frozenset({Employment.EMPLOYED, Employment.SELF_EMPLOYED})
OUT_OF_WORK = frozenset({Employment.UNEMPLOYED, Employment.NOT_WORKING, Employment.UNABLE})


class Learning(models.TextChoices):
    NONE = "none", "Not in education or training"
    COURSE = "course", "On a course (adult learning, college, university)"
    TRAINING = "training", "In training or an apprenticeship"
    VOLUNTEERING = "volunteering", "Volunteering"
    NOT_KNOWN = "not_known", "Not known"
