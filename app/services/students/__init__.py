"""Students and classes: the roster and its import, classes and their labels, the yearly rollover and
profminimum hours per student."""
