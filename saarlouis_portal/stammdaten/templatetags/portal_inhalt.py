"""Texts staff typed for the public, in the visitor's language (docs/i18n.md).

``{{ angebot|inhalt:"titel" }}`` shows the text in the active language. Where its translation
is missing, the German text stands in and is marked ``lang="de"`` (WCAG 3.1.2, language of
parts), so a screen reader reads it with a German voice: ``<span>`` for text in a line,
``<div>`` around Markdown. On right-to-left pages it also gets ``dir="ltr"``.

- ``inhalt``: plain text, escaped.
- ``inhalt_zeilen``: plain text with its line breaks (as ``|linebreaksbr``).
- ``inhalt_markdown``: Markdown as sanitised HTML (as ``|markdown``).
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from saarlouis_portal.markdown import render_markdown
from saarlouis_portal.stammdaten.inhalt import GERMAN, shown

register = template.Library()


def _marked(html: SafeString, fallback: bool, tag: str) -> SafeString:
    if not fallback:
        return html
    richtung = ' dir="ltr"' if translation.get_language_bidi() else ""
    return mark_safe(f'<{tag} lang="{GERMAN}"{richtung}>{html}</{tag}>')  # noqa: S308 - escaped


@register.filter
def inhalt(obj, feld: str) -> SafeString:
    """``{{ sprechstunde|inhalt:"titel" }}``"""
    text, fallback = shown(obj, feld)
    return _marked(conditional_escape(text), fallback, "span")


@register.filter
def inhalt_zeilen(obj, feld: str) -> SafeString:
    """``{{ anlaufstelle|inhalt_zeilen:"wegbeschreibung" }}``"""
    text, fallback = shown(obj, feld)
    return _marked(linebreaksbr(text, autoescape=True), fallback, "span")


@register.filter
def inhalt_markdown(obj, feld: str) -> SafeString:
    """``{{ ort|inhalt_markdown:"beschreibung" }}``"""
    text, fallback = shown(obj, feld)
    return _marked(render_markdown(text), fallback, "div")
