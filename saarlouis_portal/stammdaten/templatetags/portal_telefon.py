"""``{{ nummer|telefon }}`` shows a stored phone number as people read it (``06831 4430``);
``href="tel:{{ nummer|telefon_link }}"`` dials it (``+4968314430``). See
``saarlouis_portal.telefon``."""

from django import template
from django.utils.html import format_html

from saarlouis_portal import telefon as nummern

register = template.Library()


@register.filter
def telefon(value) -> str:
    return nummern.for_display(str(value or ""))


@register.filter
def telefon_html(value) -> str:
    """For HTML: the number kept left to right (``<bdi dir="ltr">``), so a right-to-left page
    does not show "07127 9770" as "9770 07127"."""
    shown = telefon(value)
    return format_html('<bdi dir="ltr">{}</bdi>', shown) if shown else ""


@register.filter
def telefon_link(value) -> str:
    """For ``tel:`` links: E.164, or the stored value without spaces."""
    return nummern.e164_or_unchanged(str(value or "")).replace(" ", "")
