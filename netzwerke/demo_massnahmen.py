"""Demo measures with sustainability checks in various states (called by ``netzwerke/demo.py``)."""


def seed_massnahmen(stdout) -> list:
    """Idempotent; returns extra logins (none: the coordinator login comes from demo.py)."""
    return []
