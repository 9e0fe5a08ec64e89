"""Screenshots of the main pages for docs/screenshots/ (run through ``scripts/screenshots``).

Starts ``manage.py runserver`` on a temporary SQLite database with the demo data, signs in as
the ministry officer ``bocongthuong`` and saves a full-page PNG of each page at a desktop width
(1280 px) and a phone width (390 px), then stops the server.

The server runs with debug off (and ``--insecure`` to serve the static files) so that the
not-found page is the app's own Vietnamese page, not Django's debug page.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
PASSWORD = "thidua-demo"
BAD_AGENCIES_CSV = (
    "code,name,short_name,kind,province_code,parent_code,valid_from,valid_to\n"
    "SCT-XX,Sở Công Thương tỉnh Mẫu,,provincial_department,91,,01/07/2025,\n"
    "SCT-YY,,,provincial_department,91,,31/02/2025,\n"
    "SCT-ZZ,Sở Công Thương tỉnh Thử,,khong-co-loai-nay,99,,01/07/2025,\n"
    "SCT-XX,Sở Công Thương tỉnh Mẫu (trùng),,provincial_department,91,BCT-KHONG-CO,,\n"
)


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError("no free port")


@contextmanager
def demo_server(port: int) -> Iterator[str]:
    """Migrate and seed a temporary database, serve it, and stop the server afterwards."""
    with tempfile.TemporaryDirectory(prefix="thidua-shots-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/thidua.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "THIDUA_DEBUG": "false",
            "THIDUA_DEVTOOLS": "true",
            "THIDUA_SECRET_KEY": "screenshots-only-secret-key",
            "THIDUA_SECURE_COOKIES": "false",
            "THIDUA_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        manage = [str(PYTHON), "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True)
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url + "/", timeout=2).close()
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.close()
                        sys.stderr.write((Path(tmp) / "server.log").read_text())
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


@dataclass(frozen=True)
class Shot:
    name: str
    signed_in: bool
    take: Callable[[Page], None]


def goto(path: str) -> Callable[[Page], None]:
    def take(page: Page) -> None:
        page.goto(path)

    return take


def search_kien_giang(page: Page) -> None:
    page.goto("/don-vi/")
    page.get_by_label("Tìm theo tên hoặc mã").fill("kien giang")
    expect(page.locator("#results")).not_to_contain_text("Cà Mau")


def rejected_import(page: Page) -> None:
    page.goto("/don-vi/nhap-du-lieu/")
    form = page.locator("main form")
    form.locator('input[name="kind"][value="agencies"]').check()
    form.locator('input[type="file"]').set_input_files(
        {
            "name": "don-vi-loi.csv",
            "mimeType": "text/csv",
            "buffer": BAD_AGENCIES_CSV.encode(),
        }
    )
    form.get_by_role("button", name="Nhập").click()
    expect(page.locator(".errors")).to_be_visible()


SHOTS = [
    Shot("home-anonymous", False, goto("/")),
    Shot("login", False, goto("/tai-khoan/dang-nhap/")),
    Shot("home-signed-in", True, goto("/")),
    Shot("agency-list", True, goto("/don-vi/")),
    Shot("agency-list-search-kien-giang", True, search_kien_giang),
    Shot("agency-kien-giang-SCT-KG", True, goto("/don-vi/SCT-KG/")),
    Shot("agency-an-giang-merged-SCT-AG-2025", True, goto("/don-vi/SCT-AG-2025/")),
    Shot("person-CN-0001", True, goto("/don-vi/ca-nhan/CN-0001/")),
    Shot("import-rejected-file", True, rejected_import),
    Shot("not-found-404", True, goto("/don-vi/ca-nhan/KHONG-CO/")),
]


def log_in(page: Page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    form = page.locator("main form")
    form.get_by_label("Tên đăng nhập").fill(username)
    form.get_by_label("Mật khẩu").fill(PASSWORD)
    form.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def take_all(browser: Browser, url: str, only: str | None) -> list[Path]:
    saved = []
    for label, (width, height) in WIDTHS.items():
        for signed_in in (False, True):
            context = browser.new_context(
                base_url=url,
                viewport={"width": width, "height": height},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
            )
            context.set_default_timeout(15_000)
            page = context.new_page()
            if signed_in:
                log_in(page, "bocongthuong")
            for shot in SHOTS:
                if shot.signed_in != signed_in or (only and only not in shot.name):
                    continue
                shot.take(page)
                page.wait_for_load_state("networkidle")
                path = OUT / f"{shot.name}-{label}.png"
                page.screenshot(path=str(path), full_page=True, animations="disabled")
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                note = f"  (overflows by {overflow}px!)" if overflow > 0 else ""
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB{note}")
                saved.append(path)
            context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", help="take only the shots whose name contains this")
    args = parser.parse_args()
    chromium = os.environ.get("THIDUA_PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print(f"Chromium not found at {chromium} (Debian package chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server(free_port(args.port)) as url, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            take_all(browser, url, args.only)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
