"""Browser tests: headless Debian Chromium through Playwright, axe-core for WCAG 2.1 AA.

Every page check does the same four things (see ``PageChecker.check``): it waits for the page,
takes a full-page screenshot into ``test-artifacts/screenshots/``, runs axe-core with the WCAG
2.1 A/AA rules and collects Content-Security-Policy violations from the console. Problems are
collected per page and reported together, so one run shows everything that is wrong.
"""

import importlib
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from playwright.sync_api import ConsoleMessage, Error, Page, Response

from saarlouis_portal.konten.roles import Rolle
from tests.conftest import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium",)
CHROMIUM_MISSING = "Chromium nicht gefunden: sudo apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # WCAG 2.5.3 Label in Name: still marked experimental in axe-core, so switched on by name.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}

_axe = Axe()


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def pytest_terminal_summary(terminalreporter):
    """Say plainly at the end of the run why the browser tests did not run."""
    if find_chromium() is None:
        terminalreporter.write_sep("-", "Browser-Tests nicht ausgeführt")
        terminalreporter.write_line(CHROMIUM_MISSING)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Overrides pytest-playwright's fixture: Debian's Chromium, no downloaded browser.

    Without Chromium the browser tests are skipped on a workstation but fail in CI (CI=true),
    so a pipeline cannot go green without having run them."""
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)
    return {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Overrides pytest-playwright's fallback fixture (which pytest 9 warns about): relative
    URLs in ``page.goto`` go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    """German users: German date inputs and number formats, the portal's time zone."""
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def format_violations(violations: list[dict]) -> str:
    """axe's violations as readable lines: rule id, impact, help text, the failing nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f"\n    {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    * {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


# Whether the page runs scripts: by the HTML parsing rules a <noscript> parses its content as raw
# text when scripting is on and as elements when it is off. evaluate() works either way.
JAVASCRIPT_RUNS = """() => {
  const probe = document.createElement("noscript");
  probe.innerHTML = "<p></p>";
  return probe.children.length === 0;
}"""

# In a page with JavaScript switched off, evaluate() still runs but setTimeout callbacks never
# do, so axe.run() would wait for ever. There setTimeout hands its callback to a Promise before
# axe runs.
_TIMERS_WITHOUT_JAVASCRIPT = """() => {
  const probe = document.createElement("noscript");
  probe.innerHTML = "<p></p>";
  if (probe.children.length === 0) return;
  window.setTimeout = (callback, _delay, ...args) => {
    Promise.resolve().then(() => callback(...args));
    return 0;
  };
  window.clearTimeout = () => {};
}"""


def run_axe(page: Page) -> list[dict]:
    page.evaluate(_TIMERS_WITHOUT_JAVASCRIPT)
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


_CSP = re.compile(r"content security policy", re.IGNORECASE)


@dataclass
class PageChecker:
    """Watches one Playwright page: console messages, page errors, CSP reports; checks pages."""

    page: Page
    screenshot_dir: Path
    console: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_pageerror)
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage):
        self.console.append(f"console.{message.type}: {message.text}")

    def _on_pageerror(self, error: Error):
        self.console.append(f"pageerror: {error.message}")

    def _on_response(self, response: Response):
        # Missing static files (a broken stylesheet or script) and server errors.
        if response.status >= 400:
            self.console.append(f"http {response.status}: {response.request.method} {response.url}")

    def csp_violations(self) -> list[str]:
        return [line for line in self.console if _CSP.search(line)]

    def check(self, name: str, *, axe: bool = True, screenshot: bool = True) -> Page:
        """Screenshot, axe and CSP check of the page as it is now; problems are remembered."""
        page = self.page
        page.wait_for_load_state("load")
        if screenshot:
            page.screenshot(path=str(self.screenshot_dir / f"{name}.png"), full_page=True)
        problems = []
        if axe:
            violations = run_axe(page)
            if violations:
                problems.append(
                    f"axe-core meldet {len(violations)} WCAG-2.1-Verstöße:\n"
                    + format_violations(violations)
                )
        csp = self.csp_violations()
        if csp:
            problems.append("Content-Security-Policy-Verstöße:\n" + "\n".join(csp))
        errors = [line for line in self.console if line.startswith("pageerror")]
        if errors:
            problems.append("JavaScript-Fehler:\n" + "\n".join(errors))
        failed = [line for line in self.console if line.startswith("http ")]
        if failed:
            problems.append("Fehlgeschlagene Anfragen:\n" + "\n".join(failed))
        self.console.clear()
        if problems:
            self.problems[name] = problems
        return page

    def report(self, name: str, problem: str):
        """A problem found by the test itself, reported together with the others."""
        self.problems.setdefault(name, []).append(problem)

    def assert_clean(self):
        if self.problems:
            report = []
            for name, problems in self.problems.items():
                report.append(f"== {name}")
                report.extend(problems)
            pytest.fail("\n".join(report), pytrace=False)


@pytest.fixture
def checker(page: Page, screenshot_dir: Path) -> PageChecker:
    page.set_default_timeout(10_000)
    return PageChecker(page, screenshot_dir)


# Data migrations whose content these tests rely on: (module, forward function).
DATA_MIGRATIONS = [
    ("saarlouis_portal.konten.migrations.0002_rollen", "create_groups"),
    ("saarlouis_portal.stammdaten.migrations.0002_seed_stammdaten", "seed"),
    ("saarlouis_portal.stammdaten.migrations.0003_sprache", "seed_sprachen"),
]


@pytest.fixture(autouse=True)
def migration_data(transactional_db):
    """Roles, SGB books, fields of action, topics and languages, as the data migrations create
    them.

    ``live_server`` needs ``transactional_db``, which empties every table after each test, data
    migrations included; so the seeding functions of those migrations run again here.
    (pytest-django's serialized rollback does not work here: Playwright's sync API runs the test
    in a greenlet, where Django hands out a fresh connection without the serialized content.)
    """
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture
def demo_data(migration_data):
    """The demo areas and organisations of Saarlouis and Pliezhausen."""
    from saarlouis_portal.stammdaten.demo import seed

    seed(io.StringIO())


@pytest.fixture
def koordinatorin(migration_data):
    """A staff member whose role needs no second factor, so the password form suffices."""
    return make_user(
        "koordinatorin@example.org",
        Rolle.NETZWERKKOORDINATION,
        mfa=False,
        first_name="Karla",
        last_name="Koordinatorin",
    )


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Through the real login form, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # what tests.conftest.make_user gives roles that need MFA


def log_in_with_code(page: Page, base_url: str, email: str) -> None:
    """Password, then the current code of the authenticator app (roles that need MFA)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    log_in(page, base_url, email)
    counters = list(yield_hotp_counters_from_time())  # the middle one is the current one
    code = format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
