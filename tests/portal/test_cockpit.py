from saarlouis_portal.konten.roles import BESCHREIBUNG, Rolle


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get("/cockpit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cockpit/"


def test_each_role_sees_what_it_may_do(client, users_by_role):
    expected = {
        "planer": Rolle.SOZIALPLANUNG,
        "koordination": Rolle.NETZWERKKOORDINATION,
        "ortsleitung": Rolle.ORTSLEITUNG,
        "beratung": Rolle.BERATUNG,
        "berichtswesen": Rolle.BERICHTSWESEN,
    }
    for name, rolle in expected.items():
        client.force_login(users_by_role[name])
        html = client.get("/cockpit/").content.decode()
        assert str(rolle.label) in html, name
        assert str(BESCHREIBUNG[rolle]) in html, name
        assert "/stammdaten/gebiete/" in html


def test_planning_is_offered_to_edit_areas_others_only_to_view_them(client, planer, beratung):
    client.force_login(planer)
    assert "anlegen und pflegen" in client.get("/cockpit/").content.decode()
    client.force_login(beratung)
    html = client.get("/cockpit/").content.decode()
    assert "Fördergebiete ansehen" in html


def test_a_user_without_role_is_told_so_and_offered_nothing(client, outsider):
    client.force_login(outsider)
    html = client.get("/cockpit/").content.decode()
    assert "noch keine Rolle zugewiesen" in html
    assert "/stammdaten/gebiete/" not in html
