"""Keep tokens out of the logs: Django logs the path of every 404 and 403 ("Not Found: /...").

Manage links carry their token in the path, so a request for an expired link would otherwise
write the token into the log. Path segments that look like tokens become "[redacted]"; the same
rule as the access log in gunicorn.conf.py.
"""

import logging
import re

_CANDIDATE = re.compile(r"[A-Za-z0-9_\-]{20,}")


def looks_secret(segment: str) -> bool:
    """Long and with a digit or in mixed case: reset keys, booking tokens. Slugs such as
    "lokales-buendnis-fuer-familie" stay readable; redacting too much is harmless."""
    has_digit = any(c.isdigit() for c in segment)
    mixed_case = any(c.islower() for c in segment) and any(c.isupper() for c in segment)
    return len(segment) >= 20 and (has_digit or mixed_case)


def redact(text: str) -> str:
    return _CANDIDATE.sub(lambda m: "[redacted]" if looks_secret(m.group()) else m.group(), text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True
