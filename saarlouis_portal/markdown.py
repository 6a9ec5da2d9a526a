"""Markdown written by staff (minutes, report texts), rendered to HTML that is safe to show.

Python-Markdown turns the text into HTML; nh3 (ammonia) then keeps only an allowlist of tags
and attributes, so script tags, event handlers and ``javascript:`` links never reach a page,
whatever the author typed.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ERLAUBTE_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ERLAUBTE_ATTRIBUTE = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
ERLAUBTE_SCHEMATA = {"http", "https", "mailto", "tel"}


def render_markdown(text: str | None) -> SafeString:
    """Sanitised HTML for ``text``; headings start at h2 (the page owns h1)."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    # A "# Titel" in the text would compete with the page's own h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ERLAUBTE_TAGS,
        attributes=ERLAUBTE_ATTRIBUTE,
        url_schemes=ERLAUBTE_SCHEMATA,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
