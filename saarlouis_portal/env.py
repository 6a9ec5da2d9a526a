"""Typed readers for environment variables.

Every reader fails loudly (``ImproperlyConfigured``) on a value it cannot parse, so a typo in a
deployment stops the start instead of silently falling back to a default. Secrets can be given
as ``NAME_FILE`` (a path, e.g. a Docker or systemd credential) instead of ``NAME``.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nein", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """A string; a variable that is set but empty counts as unset."""
    value = (os.environ.get(name) or "").strip()
    return value or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of: true, false, 1, 0, yes, no."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read ``NAME`` or, if ``NAME_FILE`` is set, the content of that file."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return env_str(name, default)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/m"``, ``"5/10m"``: (count, window in seconds). ``ValueError`` for anything else."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Invalid rate {rate!r}; use e.g. '10/m' or '5/10m'.")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def env_rate(name: str, default: str) -> str:
    """A rate limit (``count/period``). Unlike other strings, set but empty means *off* (``""``);
    unset means the default. A value that is no rate refuses to start."""
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip()
    if not value:
        return ""
    try:
        parse_rate(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate; use e.g. '10/m' or '5/10m', or empty for no limit."
        ) from None
    return value
