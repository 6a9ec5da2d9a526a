"""Typed readers for environment variables.

Every reader fails loudly (``ImproperlyConfigured``) on a value it cannot parse, so a typo in a
deployment stops the start instead of silently falling back to a default. Secrets can be given
as ``NAME_FILE`` (a path, e.g. a Docker or systemd credential) instead of ``NAME``.
"""

import os
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
