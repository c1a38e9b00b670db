"""The ministry's Excel report: the program's own form (default_form), filling a form the ministry
sends (form_fill, by placeholders or by finding indicator rows by meaning — matching)."""
from app.services.report_excel.default_form import export_default_report, template_path
from app.services.report_excel.form_fill import (FillResult, FormMapping, fill_form, prepare_form,
                                                 remember_mapping)

__all__ = ["FillResult", "FormMapping", "export_default_report", "fill_form", "prepare_form", "remember_mapping",
           "template_path"]
