"""«Показатели и отчёты»: the set for the year, manual values, Excel and PDF reports."""
