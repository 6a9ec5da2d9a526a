"""Template filters for German numbers and dates in the report pages and the PDF."""

from django import template

from berichte import formate

register = template.Library()


@register.filter
def de_zahl(wert, stellen=0):
    return formate.zahl(wert, stellen or 0)


@register.filter
def einheit_zeichen(einheit):
    return formate.EINHEIT_ZEICHEN.get(einheit, "")


@register.filter
def de_datum(value):
    return formate.datum(value)


@register.filter
def de_zeitpunkt(value):
    return formate.zeitpunkt(value)


@register.filter
def index(sequence, i):
    try:
        return sequence[i]
    except (IndexError, KeyError, TypeError):
        return None
