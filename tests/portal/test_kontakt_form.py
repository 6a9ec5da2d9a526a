"""The contact part of public forms (``saarlouis_portal.forms.KontaktFormMixin``): one way to
reach the person is needed, the name is tidied, a filled-in honeypot is refused."""

from django import forms

from saarlouis_portal.forms import KontaktFormMixin, TelefonField, honeypot_field


class KontaktForm(KontaktFormMixin, forms.Form):
    name = forms.CharField(required=False)
    telefon = TelefonField(required=False)
    email = forms.EmailField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["webseite"] = honeypot_field()


class MitAdresseForm(KontaktForm):
    kontakt_felder = ("telefon", "email", "adresse")
    kontakt_fehlt = "Telefon, E-Mail oder Adresse, bitte."
    honeypot_fehler = "Das war wohl kein Mensch."
    adresse = forms.CharField(required=False)


def test_one_way_to_reach_the_person_is_enough():
    assert KontaktForm({"telefon": "06831 4711"}).is_valid()
    assert KontaktForm({"email": "erika@example.net"}).is_valid()
    assert MitAdresseForm({"adresse": "Hauptstraße 3"}).is_valid()


def test_without_any_the_message_stands_at_the_first_contact_field():
    form = KontaktForm({"name": "Erika"})
    assert not form.is_valid()
    assert form.errors == {
        "telefon": [
            "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an, damit wir Sie "
            "erreichen."
        ]
    }
    assert MitAdresseForm({}).errors == {"telefon": ["Telefon, E-Mail oder Adresse, bitte."]}


def test_a_wrong_contact_value_gets_its_own_message_only():
    form = KontaktForm({"email": "keine-adresse"})
    assert not form.is_valid()
    assert list(form.errors) == ["email"]


def test_the_name_is_written_with_single_spaces():
    form = KontaktForm({"name": "  Erika \t  Muster ", "telefon": "06831 4711"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Erika Muster"


def test_a_filled_in_honeypot_is_refused_with_the_forms_message():
    form = KontaktForm({"telefon": "06831 4711", "webseite": "http://spam.example"})
    assert form.errors["webseite"] == [
        "Ihre Angaben sehen automatisch erzeugt aus und wurden nicht gesendet."
    ]
    form = MitAdresseForm({"adresse": "Hauptstraße 3", "webseite": "x"})
    assert form.errors["webseite"] == ["Das war wohl kein Mensch."]


def test_the_honeypot_is_hidden_from_people():
    html = str(KontaktForm()["webseite"])
    assert "hidden" in html
    assert 'tabindex="-1"' in html
