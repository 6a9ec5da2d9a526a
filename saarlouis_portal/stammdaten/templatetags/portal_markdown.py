from django import template

from saarlouis_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ text|markdown }}``: staff-written Markdown as sanitised HTML."""
    return render_markdown(text)
