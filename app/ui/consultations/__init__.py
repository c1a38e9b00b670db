"""The «Консультации» section: the journal of psychological-pedagogical consultations."""
