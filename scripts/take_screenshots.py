"""Screenshots of the main pages for docs/screenshots/ (run through ``scripts/screenshots``).

Starts ``manage.py runserver`` on a temporary SQLite database with the demo data (``manage.py
seed_demo``: cluster XI with its 2023 scoring table, the 2025 mergers and the covenants of
``seed_demo_covenants()``), signs in as the ministry officer ``bocongthuong`` (the covenant
editor and the 2026 scoring page as ``canbo.camau``, an officer of the 2026 leading member;
the scoring import as the system administrator ``quantri``; a 2026 self-assessment draft as
``canbo.angiang``) and saves a full-page PNG of each
page at a desktop width (1280 px) and a phone width (390 px); then renders the pages of the
covenant PDFs and of the 2023 results report to PNG with Poppler's ``pdftoppm`` into
``documents/``, and stops the server.

The server runs with debug off (and ``--insecure`` to serve the static files) so that the
not-found page is the app's own Vietnamese page, not Django's debug page.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
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
DOCUMENTS = OUT / "documents"
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
BAD_SCORING_CSV = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Thực hiện nhiệm vụ chính trị,60,không,\n"
    "I.1,I,criterion,,60,có,\n"
    "I.2,I,tieu-chi-phu,Phát hiện và nhân rộng điển hình,mười,có,\n"
    "II,,group,Công tác thi đua,40,không,\n"
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


MINISTRY = "bocongthuong"
LEADER_2026 = "canbo.camau"  # officer of SCT-CM-2025, cluster XI's leading member in 2026
ADMIN = "quantri"  # the system administrator (acts for any cluster)
MEMBER_2026 = "canbo.angiang"  # officer of SCT-AG-2025, a member of cluster XI in 2026


@dataclass(frozen=True)
class Shot:
    name: str
    user: str | None  # who is signed in (None: nobody)
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


def scoring_import_rejected(page: Page) -> None:
    """Copy 2023's table into 2025 (a draft), then import a file with bad rows into it."""
    page.goto("/cham-diem/CUM-XI/2025/")
    copy = page.get_by_role("button", name="Sao chép bảng năm 2023")
    if copy.count():  # the first width's run copies it; the next finds the draft
        copy.click()
    expect(page.get_by_role("button", name="Áp dụng bảng")).to_be_visible()
    form = page.locator("main form[enctype]")
    form.locator('input[type="file"]').set_input_files(
        {
            "name": "bang-cham-diem-loi.csv",
            "mimeType": "text/csv",
            "buffer": BAD_SCORING_CSV.encode(),
        }
    )
    form.get_by_role("button", name="Nhập").click()
    expect(page.locator(".errors")).to_be_visible()


def covenant_url(page: Page, year: int, suffix: str = "") -> str:
    """The URL of cluster XI's covenant of ``year`` (found through its year's covenant page)."""
    page.goto(f"/cum-thi-dua/CUM-XI/{year}/giao-uoc/")
    href = page.locator("main .card-list a").first.get_attribute("href")
    if not href:
        raise RuntimeError(f"cluster XI has no covenant in {year}")
    return href + suffix


def covenant_page(year: int, suffix: str = "") -> Callable[[Page], None]:
    def take(page: Page) -> None:
        page.goto(covenant_url(page, year, suffix))

    return take


def activate_2026_table(page: Page) -> None:
    """The 2026 leader sets up the default table and puts it into use (once)."""
    page.goto("/cham-diem/CUM-XI/2026/")
    create = page.get_by_role("button", name="Lập bảng mặc định")
    if create.count():
        create.click()
    activate = page.get_by_role("button", name="Áp dụng bảng")
    if activate.count():
        activate.click()
    expect(page.locator("main")).to_contain_text("Đang áp dụng")


def self_assessment_draft(page: Page) -> None:
    """An Giang's officer starts its 2026 self-assessment and scores the first criteria."""
    page.goto("/cham-diem/CUM-XI/2026/tu-cham/SCT-AG-2025/")
    start = page.get_by_role("button", name="Bắt đầu tự chấm")
    if start.count():
        start.click()
    for code, points, text in (
        ("I.1", "33", "Giá trị sản xuất công nghiệp tăng 8,1%; đạt 97% kế hoạch năm (mẫu)."),
        ("I.2", "15", "Tổng mức bán lẻ hàng hóa vượt kế hoạch 3% (mẫu)."),
        ("II.1", "12", ""),  # above the maximum: refused in place
    ):
        field = page.get_by_label(f"Điểm tự chấm {code}")
        if field.input_value() == points:  # the first width's run scored it already
            continue
        if text:
            page.get_by_label(f"Giải trình {code}").fill(text)
        with page.expect_response(lambda r: "/tieu-chi/" in r.url):
            field.fill(points)
            field.press("Tab")
    expect(page.locator("main")).to_contain_text("vượt điểm tối đa")


def cluster_vote_result(page: Page) -> None:
    page.goto("/bieu-quyet/cum/CUM-XI/2023/")
    page.get_by_role("link", name=re.compile("Bình xét thi đua, khen thưởng năm 2023")).click()
    page.get_by_role("link", name="Kết quả").first.click()


def council_vote(page: Page) -> None:
    page.goto("/khen-thuong/to-trinh/cum/CUM-XI/2023/")
    page.get_by_role("link", name="Hội đồng xét tờ trình 25/TTr-SCT").click()


def decision_686(page: Page) -> None:
    page.goto("/khen-thuong/quyet-dinh/")
    page.get_by_role("link", name="686/QĐ-BCT").first.click()


SHOTS = [
    Shot("home-anonymous", None, goto("/")),
    Shot("login", None, goto("/tai-khoan/dang-nhap/")),
    Shot("home-signed-in", MINISTRY, goto("/")),
    Shot("agency-list", MINISTRY, goto("/don-vi/")),
    Shot("agency-list-search-kien-giang", MINISTRY, search_kien_giang),
    Shot("agency-kien-giang-SCT-KG", MINISTRY, goto("/don-vi/SCT-KG/")),
    Shot("agency-an-giang-merged-SCT-AG-2025", MINISTRY, goto("/don-vi/SCT-AG-2025/")),
    Shot("person-CN-0001", MINISTRY, goto("/don-vi/ca-nhan/CN-0001/")),
    Shot("import-rejected-file", MINISTRY, rejected_import),
    Shot("not-found-404", MINISTRY, goto("/don-vi/ca-nhan/KHONG-CO/")),
    Shot("cluster-CUM-XI-2023", MINISTRY, goto("/cum-thi-dua/CUM-XI/2023/")),
    Shot("cluster-CUM-XI-2026", MINISTRY, goto("/cum-thi-dua/CUM-XI/2026/")),
    Shot("covenant-CUM-XI-2023-published", MINISTRY, covenant_page(2023)),
    Shot("covenant-CUM-XI-2023-verification", MINISTRY, covenant_page(2023, "xac-minh/")),
    Shot("covenant-CUM-XI-2026-draft-editor", LEADER_2026, covenant_page(2026, "sua/")),
    Shot("scoring-table-CUM-XI-2023", MINISTRY, goto("/cham-diem/CUM-XI/2023/")),
    Shot("scoring-table-CUM-XI-2026-none-leader", LEADER_2026, goto("/cham-diem/CUM-XI/2026/")),
    Shot("scoring-table-CUM-XI-2025-import-rejected", ADMIN, scoring_import_rejected),
    Shot("conduct-CUM-XI-2023", MINISTRY, goto("/cham-diem/CUM-XI/2023/chap-hanh/")),
    Shot("self-assessments-CUM-XI-2023", MINISTRY, goto("/cham-diem/CUM-XI/2023/tu-cham/")),
    Shot(
        "self-assessment-CUM-XI-2023-SCT-KG-submitted",
        MINISTRY,
        goto("/cham-diem/CUM-XI/2023/tu-cham/SCT-KG/"),
    ),
    Shot("review-assignments-CUM-XI-2023", MINISTRY, goto("/cham-diem/CUM-XI/2023/cham-cheo/")),
    Shot(
        "review-grid-CUM-XI-2023-SCT-AG",
        MINISTRY,
        goto("/cham-diem/CUM-XI/2023/cham-cheo/luoi/?don-vi=SCT-AG"),
    ),
    Shot("consolidation-CUM-XI-2023", MINISTRY, goto("/cham-diem/CUM-XI/2023/thong-nhat/")),
    Shot("results-CUM-XI-2023-chart", MINISTRY, goto("/cham-diem/CUM-XI/2023/ket-qua/")),
    Shot("results-CUM-XI-2023-SCT-KG", MINISTRY, goto("/cham-diem/CUM-XI/2023/ket-qua/SCT-KG/")),
    Shot("scoring-table-CUM-XI-2026-active", LEADER_2026, activate_2026_table),
    Shot("self-assessment-CUM-XI-2026-SCT-AG-2025-draft", MEMBER_2026, self_assessment_draft),
    Shot("awards-search-nguyen-thi", MINISTRY, goto("/khen-thuong/tim-kiem/?q=nguyen+thi")),
    Shot(
        "awards-search-decisions-qd-bct",
        MINISTRY,
        goto("/khen-thuong/tim-kiem/?kind=decisions&q=QĐ-BCT"),
    ),
    Shot("awards-history-CN-0101", MINISTRY, goto("/khen-thuong/ca-nhan/CN-0101/")),
    Shot("awards-history-SCT-AG-2025-merged", MINISTRY, goto("/khen-thuong/don-vi/SCT-AG-2025/")),
    Shot(
        "eligibility-bang-khen-bo-SCT-AG-2025-needs-review",
        MINISTRY,
        goto(
            "/khen-thuong/xet-dieu-kien/?recipient=SCT-AG-2025&award=bang_khen_bo"
            "&year=2025&as_of=30/06/2026"
        ),
    ),
    Shot(
        "eligibility-chien-si-thi-dua-bo-CN-0101-eligible",
        MINISTRY,
        goto(
            "/khen-thuong/xet-dieu-kien/?recipient=CN-0101&award=chien_si_thi_dua_bo"
            "&year=2025&as_of=16/03/2026"
        ),
    ),
    Shot(
        "eligibility-bang-khen-bo-CN-0113-revoked",
        MINISTRY,
        goto(
            "/khen-thuong/xet-dieu-kien/?recipient=CN-0113&award=bang_khen_bo"
            "&year=2025&as_of=30/06/2026"
        ),
    ),
    Shot("rule-sets", MINISTRY, goto("/khen-thuong/tieu-chuan/")),
    Shot("rule-set-nd152-2025", MINISTRY, goto("/khen-thuong/tieu-chuan/nd152-2025/")),
    Shot("voting-CUM-XI-2023-result", MINISTRY, cluster_vote_result),
    Shot("proposal-CUM-XI-2023-decided", MINISTRY, goto("/khen-thuong/to-trinh/cum/CUM-XI/2023/")),
    Shot("voting-council-written-vote", MINISTRY, council_vote),
    Shot("decision-686-QD-BCT-issued", MINISTRY, decision_686),
    Shot("awards-history-SCT-CT-flag-2023", MINISTRY, goto("/khen-thuong/don-vi/SCT-CT/")),
]


def covenant_pdf_url(year: int) -> Callable[[Page], str]:
    return lambda page: covenant_url(page, year, "giao-uoc.pdf")


# The PDFs: (file name stem, where to download it); every page becomes a PNG in documents/.
PDFS: list[tuple[str, Callable[[Page], str]]] = [
    ("covenant-CUM-XI-2023-signed", covenant_pdf_url(2023)),
    ("covenant-CUM-XI-2026-draft", covenant_pdf_url(2026)),
    ("results-CUM-XI-2023", lambda page: "/cham-diem/CUM-XI/2023/ket-qua/ket-qua.pdf"),
]


def log_in(page: Page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    form = page.locator("main form")
    form.get_by_label("Tên đăng nhập").fill(username)
    form.get_by_label("Mật khẩu").fill(PASSWORD)
    form.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def new_page(browser: Browser, url: str, width: int, height: int) -> Page:
    context = browser.new_context(
        base_url=url,
        viewport={"width": width, "height": height},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def take_all(browser: Browser, url: str, only: str | None) -> list[Path]:
    """Each shot in order, at every width (a shot may change what later shots show), with one
    signed-in page per user and width."""
    saved = []
    pages: dict[tuple[str | None, str], Page] = {}
    for shot in SHOTS:
        if only and only not in shot.name:
            continue
        for label, (width, height) in WIDTHS.items():
            page = pages.get((shot.user, label))
            if page is None:
                page = pages[(shot.user, label)] = new_page(browser, url, width, height)
                if shot.user is not None:
                    log_in(page, shot.user)
            shot.take(page)
            page.wait_for_load_state("networkidle")
            path = OUT / f"{shot.name}-{label}.png"
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            note = f"  (overflows by {overflow}px!)" if overflow > 0 else ""
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB{note}")
            saved.append(path)
    for page in pages.values():
        page.context.close()
    return saved


def render_pdfs(browser: Browser, url: str, only: str | None, dpi: int) -> list[Path]:
    """Download each PDF (the covenants, the results report) as the ministry officer and render
    its pages with pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    wanted = [(stem, where) for stem, where in PDFS if not only or only in stem]
    if not wanted:
        return []
    if pdftoppm is None:
        print("pdftoppm not found (Debian package poppler-utils): PDFs not rendered")
        return []
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, url, *WIDTHS["desktop"])
    log_in(page, MINISTRY)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as tmp:
        for stem, where in wanted:
            response = page.request.get(where(page))
            if not response.ok or response.headers["content-type"] != "application/pdf":
                raise RuntimeError(f"{stem}: the PDF did not download ({response.status})")
            pdf = Path(tmp) / f"{stem}.pdf"
            pdf.write_bytes(response.body())
            for old in DOCUMENTS.glob(f"{stem}-page-*.png"):
                old.unlink()
            subprocess.run(
                [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / stem)], check=True
            )
            for png in sorted(Path(tmp).glob(f"{stem}-*.png")):
                number = int(png.stem.rsplit("-", 1)[1])
                path = DOCUMENTS / f"{stem}-page-{number}.png"
                shutil.move(png, path)
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")
                saved.append(path)
    page.context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", help="take only the shots whose name contains this")
    parser.add_argument("--dpi", type=int, default=80, help="resolution of the PDF pages' PNGs")
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
            render_pdfs(browser, url, args.only, args.dpi)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
