from outcomes.models.indicators import IndicatorSnapshot, PeriodKind, RefreshRun

__all__ = ["IndicatorSnapshot", "PeriodKind", "RefreshRun"]
