"""German number and date formats of the reports (pages, PDF, Word, CSV share them)."""

import datetime

EINHEIT_ZEICHEN = {"prozent": "%", "promille": "‰", "euro": "€", "anzahl": ""}


def zahl(wert, stellen: int = 0) -> str:
    """``1234.5`` → ``"1.234,5"``; a missing value is a dash."""
    if wert is None or wert == "":
        return "–"
    text = f"{float(wert):,.{int(stellen)}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def mit_einheit(wert, stellen: int, einheit: str) -> str:
    zeichen = EINHEIT_ZEICHEN.get(einheit, "")
    text = zahl(wert, stellen)
    if wert is None or not zeichen:
        return text
    return f"{text}\u00a0{zeichen}"


def datum(value) -> str:
    """An ISO date (as stored in snapshots) or a date → ``"31.12.2026"``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def zeitpunkt(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y, %H:%M Uhr")
