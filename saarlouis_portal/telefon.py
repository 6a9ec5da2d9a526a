"""Phone numbers: stored in E.164 (``+4968314430``), shown the way people write them.

Citizens and staff type numbers in every spelling: ``06831 4430``, ``068314430``,
``+49 6831 443-0``. Stored as typed, one person looked like several (the open-bookings limit
counted them apart) and the lists mixed spellings. ``TelefonField`` in
``saarlouis_portal.forms`` cleans every number entered through a form with ``to_e164``; the
template filter ``telefon`` (``{% load portal_telefon %}``) shows a stored number in national
format for German numbers and in international format for others. Numbers without a country
code are read as German (``DEFAULT_REGION``).
"""

import phonenumbers

DEFAULT_REGION = "DE"


class UngueltigeNummer(ValueError):
    """Not a phone number that can be dialled."""


def to_e164(value: str) -> str:
    """The number in E.164; ``UngueltigeNummer`` if it is none. Empty stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise UngueltigeNummer(value) from None
    if not phonenumbers.is_valid_number(number):
        raise UngueltigeNummer(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def e164_or_unchanged(value: str) -> str:
    """For code that did not come through a form (services, demo data): the E.164 form where
    the value is a number, otherwise the value as it is (stripped)."""
    try:
        return to_e164(value)
    except UngueltigeNummer:
        return (value or "").strip()


def for_display(value: str) -> str:
    """A stored number as people read it: ``06831 4430`` for German numbers,
    ``+33 1 42 68 53 00`` for others (also numbers stored before they were normalised).
    Anything that is not a number is shown as stored."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
