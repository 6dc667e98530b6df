"""A real headless Chromium (Debian's package) driven by Playwright."""

from __future__ import annotations

import contextlib
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]


@contextlib.contextmanager
def chromium_pages(count: int, **context_options):
    """`count` pages of one browser, each in a context of its own (its own cookies: its own
    person signed in), as Playwright's sync API runs one at a time."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield [browser.new_context(**context_options).new_page() for _ in range(count)]
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_page(**context_options):
    with chromium_pages(1, **context_options) as (page,):
        yield page
