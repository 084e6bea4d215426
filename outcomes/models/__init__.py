from outcomes.models.indicators import IndicatorSnapshot, PeriodKind, RefreshRun
from outcomes.models.targets import Direction, IndicatorTarget, PbRMeasure, PbRResult

__all__ = ["Direction", "IndicatorSnapshot", "IndicatorTarget", "PbRMeasure", "PbRResult", "PeriodKind", "RefreshRun"]
from outcomes.models.instruments import DomainCutoff, Instrument, InstrumentDomain, InstrumentKind, Subject
from outcomes.models.records import (
    AdultProgress,
    Assessment,
    AssessmentScore,
    HealthRecord,
    HealthSource,
    ProgressStatus,
    TimePoint,
    YesNoUnknown,
)

__all__ += [
    "AdultProgress",
    "Assessment",
    "AssessmentScore",
    "DomainCutoff",
    "HealthRecord",
    "HealthSource",
    "Instrument",
    "InstrumentDomain",
    "InstrumentKind",
    "ProgressStatus",
    "Subject",
    "TimePoint",
    "YesNoUnknown",
]
