"""The municipality's sections: its schools, the district's summary, its settings."""
