"""Reports: the data behind a report, the program's own Excel form, filling a ministry's form, the PDF."""
from app.services.reports.default_form import export_default_report, template_path
from app.services.reports.form_fill import (FillResult, FormMapping, fill_form, prepare_form,
                                                 remember_mapping)

__all__ = ["FillResult", "FormMapping", "export_default_report", "fill_form", "prepare_form", "remember_mapping",
           "template_path"]
