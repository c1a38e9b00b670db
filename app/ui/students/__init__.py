"""The «Учащиеся» section: students, classes and staff of the school, roster import, year rollover."""
