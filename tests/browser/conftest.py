"""Browser tests: Playwright drives Debian's Chromium (never a downloaded
browser) against pytest-django's live server."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator

from ..requirements import require_chromium

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _after_load(read):
    """Playwright's `is_visible`, `is_hidden`, `count` and `all` answer at
    once, without waiting. After a click that navigates, Playwright returns
    once the new document has started loading, so on a busy machine such a
    read could look at a half-parsed page (a flaky `assert ....is_visible()`).
    Every such read first waits until the current document is parsed."""

    def read_after_load(self, *args, **kwargs):
        self.page.wait_for_load_state("domcontentloaded")
        return read(self, *args, **kwargs)

    return read_after_load


for _name in ("is_visible", "is_hidden", "count", "all"):
    setattr(Locator, _name, _after_load(getattr(Locator, _name)))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
    context.set_default_timeout(10_000)
    return context


def _settle(context) -> None:
    """Leave every page before the database is flushed: a request the page
    still had running (a poll, a claim) would otherwise hold locks the flush
    waits for (a deadlock on PostgreSQL)."""
    for open_page in context.pages:
        open_page.goto("about:blank")
    if context.pages:
        context.pages[0].wait_for_timeout(150)
    context.close()


@pytest.fixture
def page(browser, live_server):
    context = _context(browser, live_server)
    yield context.new_page()
    _settle(context)


@pytest.fixture
def page_without_js(browser, live_server):
    context = _context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.without_javascript = True  # read by axe.assert_accessible
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
