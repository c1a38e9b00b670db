"""The indicator engine: sets as data (definitions), their SQL (sql), computing a set for a year
(compute), values the user enters (manual), the students behind a number (students) and the figures
of the dashboard (overview)."""
from app.services.indicators.compute import (IndicatorValue, SetResult, compute_set, format_value,
                                             previous_year)
from app.services.indicators.definitions import IndicatorDef, IndicatorSet, Rule, list_sets, load_set
from app.services.indicators.manual import get_manual_values, set_manual_value

__all__ = ["IndicatorDef", "IndicatorSet", "IndicatorValue", "Rule", "SetResult", "compute_set", "format_value",
           "get_manual_values", "list_sets", "load_set", "previous_year", "set_manual_value"]
