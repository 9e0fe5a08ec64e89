"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is the Debian package at ``THIDUA_PLAYWRIGHT_CHROMIUM``
(default ``/usr/bin/chromium``). Without it the browser tests skip locally and fail under
``CI=true``. Every test gets a fresh browser context (own cookies) and the demo data set.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# database calls the fixtures make next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "thidua-demo"


def chromium_path() -> Path:
    return Path(os.environ.get("THIDUA_PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (browser tests may not skip under CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    path = chromium_path()
    if not path.exists():
        _unavailable(f"Chromium not found at {path}; install Debian's chromium package")
    try:
        browser = playwright_driver.chromium.launch(
            executable_path=str(path), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:  # pragma: no cover - depends on the machine
        _unavailable(f"Chromium at {path} did not start: {error}")
        raise
    yield browser
    browser.close()


@pytest.fixture
def demo_data(live_server: Any) -> dict[str, int]:
    """The demo data set, loaded through the services.

    The live server's tests are transactional: the database is emptied after each one, the
    reference data that data migrations shipped included (provinces, the default ranking rule,
    the award catalogue and the eligibility rules), so they are loaded again first.
    """
    from django.apps import apps

    from thidua.devtools.demo import seed_demo
    from thidua.organizations.models import Province

    if not Province.objects.exists():
        provinces = importlib.import_module("thidua.organizations.migrations.0003_provinces")
        provinces.load(apps, None)
    from thidua.scoring.models import RankingRule

    if not RankingRule.objects.exists():
        rule = importlib.import_module("thidua.scoring.migrations.0004_default_ranking_rule")
        rule.add_rule(apps, None)
    from thidua.awards.models import AwardTitle, EligibilityRuleSet

    if not AwardTitle.objects.exists():
        catalogue = importlib.import_module("thidua.awards.migrations.0002_award_catalogue")
        catalogue.add_catalogue(apps, None)
    if not EligibilityRuleSet.objects.exists():
        rules = importlib.import_module("thidua.awards.migrations.0004_eligibility_rules")
        rules.add_rules(apps, None)
    return seed_demo()


@pytest.fixture
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def new_page(
    browser: Browser, base_url: str, demo_data: dict[str, int]
) -> Iterator[Callable[..., Page]]:
    """``new_page(width=1280, height=900)``: a page in a fresh context, in Vietnamese."""
    contexts = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": height},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the log-in form (the header's language button is not its submit)."""
    page.goto("/tai-khoan/dang-nhap/")
    form = page.locator("main form")
    form.get_by_label("Tên đăng nhập").fill(username)
    form.get_by_label("Mật khẩu").fill(password)
    form.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/dang-nhap/"))


@pytest.fixture
def log_in_as(page: Page) -> Callable[[str], Page]:
    def sign_in(username: str) -> Page:
        log_in(page, username)
        return page

    return sign_in


def outside_the_event_loop[T](function: Callable[[], T]) -> T:
    """Run ``function`` in a worker thread and return its result.

    Playwright's sync API keeps an asyncio loop running in the test's thread, so code that calls
    ``asyncio.run()`` itself (pyHanko's signing and validation) cannot run there. The worker
    uses the test's in-memory SQLite connection, as the live server's thread does.
    """
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    shared = [c for c in connections.all() if isinstance(c, SQLite) and c.is_in_memory_db()]

    def work() -> T:
        for connection in shared:
            connections[connection.alias] = connection
        try:
            return function()
        finally:
            for own in connections.all(initialized_only=True):
                if own not in shared:
                    own.close()

    for connection in shared:
        connection.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(work).result()
    finally:
        for connection in shared:
            connection.dec_thread_sharing()
