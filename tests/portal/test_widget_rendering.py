"""The KERN renderer draws Django's standard widgets in Python (issue 15); these tests pin that it
writes exactly what Django's widget templates write, for made-up fields with awkward values and
for the real forms of the public pages."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from saarlouis_portal.forms import KernFormRenderer


class TemplatesOnly(KernFormRenderer):
    """The same renderer, every widget drawn from its template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


class Everything(forms.Form):
    text = forms.CharField(
        label="Text",
        widget=forms.TextInput(attrs={"placeholder": 'A "quote" & <tag>', "autofocus": True}),
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(label="Zahl", min_value=1)
    email = forms.EmailField(label="E-Mail", required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "disabled": False}))
    check = forms.BooleanField(required=False)
    select = forms.ChoiceField(choices=[("", "– bitte wählen –"), ("a", "A & B"), (3, 3000)])
    grouped = forms.ChoiceField(
        choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", mark_safe("<b>Z</b>"))]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B <b>")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("G", [("a", "A"), ("b", "B")]), ("c", "C")],
        widget=forms.CheckboxSelectMultiple,
    )


DATA = {
    "text": '<script>alert("x")</script>',
    "hidden": "&amp;",
    "number": "0",
    "email": "kein@",
    "date": "2026-12-07",
    "time": "09:30",
    "password": "geheim",
    "note": "Zeile 1\n<Zeile 2>",
    "check": "on",
    "select": "3",
    "grouped": "y",
    "many": ["a", "b"],
    "radio": "b",
    "boxes": ["a", "c"],
}


def _pair(form_class, *args, **kwargs):
    fast = form_class(*args, renderer=KernFormRenderer(), **kwargs)
    slow = form_class(*args, renderer=TemplatesOnly(), **kwargs)
    return fast, slow


@pytest.mark.parametrize("data", [None, DATA, {}])
def test_each_widget_is_drawn_as_its_template_draws_it(data):
    fast, slow = _pair(Everything, data)
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
        for fast_option, slow_option in zip(fast[name], slow[name], strict=True):
            assert fast_option.tag() == slow_option.tag(), name
            assert fast_option.tag(wrap_label=True) == slow_option.tag(wrap_label=True), name
    assert fast.render() == slow.render()


def test_a_widget_with_its_own_template_keeps_it():
    class Own(forms.Form):
        special = forms.CharField(widget=forms.TextInput)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["special"].widget.template_name = "forms/honeypot_widget.html"

    html = str(Own(renderer=KernFormRenderer())["special"])
    assert html.startswith("<div hidden><label")


@pytest.mark.django_db
def test_the_public_forms_come_out_as_from_the_templates():
    from sorgekreise.forms.public import HelfendeForm, HilfeanfrageForm

    for form_class in (HilfeanfrageForm, HelfendeForm):
        for data in (None, {"name": "<b>"}):
            fast, slow = _pair(form_class, data)
            assert fast.render() == slow.render()


@pytest.mark.django_db
def test_filter_options_come_from_the_cache_and_what_is_sent_from_the_database(settings):
    from netzwerke.filters import NetzwerkFilter
    from netzwerke.models import Netzwerk
    from saarlouis_portal.stammdaten.models import Thema

    settings.PORTAL_AUSWAHL_CACHE_SEKUNDEN = 60
    str(NetzwerkFilter(None, queryset=Netzwerk.objects.all()).form)
    neu = Thema.objects.create(name="Ganz neues Thema", slug="ganz-neu")
    # Shown from the cache for a while: the new topic is not offered yet ...
    assert "Ganz neues Thema" not in str(NetzwerkFilter(None, queryset=Netzwerk.objects.all()).form)
    # ... but a filter by it is checked against the database and works.
    filterset = NetzwerkFilter({"thema": neu.pk}, queryset=Netzwerk.objects.all())
    assert filterset.is_valid()
    settings.PORTAL_AUSWAHL_CACHE_SEKUNDEN = 0
    assert "Ganz neues Thema" in str(NetzwerkFilter(None, queryset=Netzwerk.objects.all()).form)
