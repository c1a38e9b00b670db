"""Reading and writing files: tabular reading (XLSX/CSV), safe Office files, PDF styles and tables,
export safety (formula injection, the personal-data notice)."""
