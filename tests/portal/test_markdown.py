"""Markdown from staff is rendered through the nh3 allowlist."""

from django.template import Context, Template

from saarlouis_portal.markdown import render_markdown


def test_formatting_survives():
    html = render_markdown("**fett** und *kursiv*\n\n- eins\n- zwei\n\n[Link](https://example.org)")
    assert "<strong>fett</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">Link</a>' in html


def test_script_tags_and_event_handlers_are_removed():
    html = render_markdown(
        'Hallo <script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">klick</a>'
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "javascript:" not in html


def test_headings_start_below_the_page_title():
    html = render_markdown("# Titel\n\n## Unterpunkt")
    assert "<h1>" not in html
    assert "<h2>Titel</h2>" in html


def test_tables_are_kept():
    html = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_template_filter():
    template = Template("{% load portal_markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "*a* <script>x</script>"}))
    assert "<em>a</em>" in html
    assert "<script" not in html
