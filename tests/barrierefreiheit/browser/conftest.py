"""The browser set-up of tests/browser for these pages: Debian's Chromium, axe-core, screenshots
into test-artifacts/screenshots/, the seeded roles (a transactional database per test)."""

from tests.browser.conftest import (  # noqa: F401
    base_url,
    browser_context_args,
    browser_type_launch_args,
    checker,
    migration_data,
    screenshot_dir,
)
