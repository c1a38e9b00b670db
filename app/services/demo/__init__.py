"""The demo school: a deterministic, realistic school built through the services."""
