import re

from django import forms

from saarlouis_portal.forms import KernFormRenderer


class ConsentForm(forms.Form):
    name = forms.CharField(label="Name")
    einwilligung = forms.BooleanField(label="Ich bin einverstanden, dass … (ein langer Satz).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["einwilligung"].summary_label = "Einverständnis"


def test_the_error_summary_links_each_error_to_its_field_by_a_short_name():
    form = ConsentForm({}, renderer=KernFormRenderer())
    html = form.render()
    assert 'href="#id_name">Name: Dieses Feld ist zwingend erforderlich.' in html
    assert 'href="#id_einwilligung">Einverständnis: ' in html
    assert "langer Satz).:" not in html
    assert 'id="id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_checkboxes_and_radios_get_their_kern_classes():
    class Choices(forms.Form):
        many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    html = Choices(renderer=KernFormRenderer()).render()
    assert 'class="kern-form-check__checkbox"' in html
    assert 'class="kern-form-check__radio"' in html


def test_the_error_summary_is_focused_and_leads_to_the_first_box_of_a_group():
    class Choices(forms.Form):
        many = forms.MultipleChoiceField(
            label="Fähigkeiten",
            choices=[("a", "A"), ("b", "B")],
            widget=forms.CheckboxSelectMultiple,
        )
        one = forms.ChoiceField(label="Tag", choices=[("a", "A")], widget=forms.RadioSelect)

    html = Choices({}, renderer=KernFormRenderer()).render()
    assert 'id="fehlerliste" autofocus' in html
    assert 'href="#id_many_0">Fähigkeiten:' in html
    assert 'href="#id_one_0">Tag:' in html
    assert 'id="id_many_0"' in html


def test_a_group_without_options_is_linked_as_a_whole():
    """No options yet (e.g. no organisations): the summary links the group, which exists."""

    class Leer(forms.Form):
        many = forms.MultipleChoiceField(
            label="Organisationen", choices=[], widget=forms.CheckboxSelectMultiple
        )

    html = Leer({}, renderer=KernFormRenderer()).render()
    assert 'href="#id_many_gruppe">Organisationen:' in html
    assert 'id="id_many_gruppe" tabindex="-1"' in html
    assert 'id="id_many_0"' not in html


def test_a_page_with_errors_says_so_in_its_title(client, db):
    html = client.post("/sorgekreise/hilfe/", {"name": ""}).content.decode()
    assert "<title>Fehler: " in html
    assert "<title>Fehler: " not in client.get("/sorgekreise/hilfe/").content.decode()


def test_pages_that_differ_by_filter_or_page_have_their_own_title(client, db):
    def title(url):
        return re.search(r"<title>(.*?)</title>", client.get(url).content.decode(), re.S)[1]

    assert title("/orte/").startswith("Orte der Begegnung – Sozialplanungs-Portal")
    assert title("/orte/?suche=Cafe").startswith("Orte der Begegnung – gefiltert – ")
