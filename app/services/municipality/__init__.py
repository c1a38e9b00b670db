"""The municipality (муниципальный орган управления образованием): its own database (setup), the schools of
the district (schools), loading their reports (report_file, hand_form, consolidate), the district's summary
(summary) in Excel (summary_xlsx) and in the region's form (regional_form), one school's loaded report
(school_report)."""
from app.services.municipality.consolidate import LoadOutcome, consolidate_files
from app.services.municipality.schools import SchoolEntry, add_school, list_schools
from app.services.municipality.setup import (MUNICIPALITY, SCHOOL, MunicipalityDetails, create_municipality,
                                             database_kind, get_municipality, save_municipality)
from app.services.municipality.summary import DistrictSummary, district_summary, district_trend

__all__ = ["MUNICIPALITY", "SCHOOL", "DistrictSummary", "LoadOutcome", "MunicipalityDetails", "SchoolEntry",
           "add_school", "consolidate_files", "create_municipality", "database_kind", "district_summary",
           "district_trend", "get_municipality", "list_schools", "save_municipality"]
