"""Demo report (Sozialbericht 2026) built from the demo indicators of berichte/demo.py."""


def seed_bericht(stdout) -> list:
    return []
