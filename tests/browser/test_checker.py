"""The checks themselves: a page with a known accessibility fault and a blocked inline script
must be reported, otherwise a green browser run would prove nothing."""

import pytest

from tests.browser.conftest import PageChecker

pytestmark = pytest.mark.browser

BREAK_THE_PAGE = """() => {
    const image = document.createElement("img");  // no alt text: axe rule image-alt
    image.src = "/static/img/favicon.svg";
    document.querySelector("main").append(image);
    const link = document.createElement("a");  // name does not contain the visible text
    link.href = "/";
    link.textContent = "Di, 24. Nov.";
    link.setAttribute("aria-label", "Zur Startseite");
    document.querySelector("main").append(link);
    const script = document.createElement("script");  // inline, no nonce: blocked by the CSP
    script.textContent = "window.inlineRan = true;";
    document.head.append(script);
}"""


def test_checker_reports_axe_and_csp_violations(live_server, checker: PageChecker):
    page = checker.page
    page.goto(live_server.url + "/")
    page.evaluate(BREAK_THE_PAGE)
    assert page.evaluate("window.inlineRan") is None, "the CSP let an inline script run"
    checker.check("selbsttest", screenshot=False)

    report = "\n".join(checker.problems.get("selbsttest", []))
    assert "image-alt" in report
    assert "label-content-name-mismatch" in report
    assert "* img" in report  # the failing node is named
    assert "Content Security Policy" in report
