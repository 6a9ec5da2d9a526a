import logging

from saarlouis_portal.logfilters import RedactTokens, redact


def test_tokens_in_paths_are_redacted_but_readable_paths_stay():
    token = "Zq3k9vN0cXp1Rr7TbWm2yA8eLd4sKf6hJu5oIg"
    assert redact(f"/sprechstunden/buchung/{token}/absagen/") == (
        "/sprechstunden/buchung/[redacted]/absagen/"
    )
    assert redact("/netzwerke/lokales-buendnis-fuer-familie/") == (
        "/netzwerke/lokales-buendnis-fuer-familie/"
    )
    assert redact("/stammdaten/gebiete/12/bearbeiten/") == "/stammdaten/gebiete/12/bearbeiten/"


def test_the_filter_redacts_what_django_logs_for_a_404():
    token = "Zq3k9vN0cXp1Rr7TbWm2yA8eLd4sKf6hJu5oIg"
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/sprechstunden/buchung/{token}/",),
        None,
    )
    assert RedactTokens().filter(record) is True
    assert token not in record.getMessage()
    assert "[redacted]" in record.getMessage()
