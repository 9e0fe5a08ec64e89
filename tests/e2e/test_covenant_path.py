"""The issue's covenant path, clicked through in a real browser.

The ministry officer records a decision and sets up a test cluster's 2024 year (copied from
2023 with the page's button, then given its decision, leader and deputy in the group-year
form); the leading member's officer drafts the 2024 covenant from the published 2023 one and
edits it; a member officer comments; the leader sets the signing event and finalises; every
member's leader confirms in the app and signs digitally by uploading a PKCS#12; the leader
publishes; the verification page, pyHanko and Poppler's ``pdfsig`` all find every signature
valid; the outsider gets the 404 page on the draft's URL.

The cluster (three pre-2025 departments outside cluster XI, and its published 2023 covenant)
is built through the services, which is much faster than the demo's six-member cluster XI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, outside_the_event_loop

pytestmark = pytest.mark.e2e

CLUSTER = "CUM-E2E"
CLUSTER_NAME = "Cụm thi đua thử nghiệm (kiểm thử trình duyệt)"
THEME = "Đoàn kết, sáng tạo, về đích sớm (dữ liệu kiểm thử)"
NEW_ITEM = "Hoàn thành kế hoạch chuyển đổi số của ngành năm 2024"
KEY_PASSWORD = "mat-khau-chu-ky-so"
PASSWORD = "thidua-demo"
# agency code → (leader username, signatory name); in the 2023 rotation order
MEMBERS = {
    "SCT-DT": ("lanhdao.dongthap", "Trần Văn Đông (thử nghiệm)"),
    "SCT-TG": ("lanhdao.tiengiang", "Lê Thị Giang (thử nghiệm)"),
    "SCT-VL": ("lanhdao.vinhlong", "Phạm Minh Long (thử nghiệm)"),
}
LEADER_2024, DEPUTY_2024 = "SCT-TG", "SCT-VL"
LEADER_OFFICER = "canbo.tiengiang"  # officer of the 2024 leading member
MEMBER_OFFICER = "canbo.dongthap"  # officer of an ordinary member
OUTSIDER = "canbo.camau"  # the demo's officer of SCT-CM-2025, not a member


@dataclass(frozen=True)
class TestCluster:
    __test__ = False

    covenant_2023: int
    keys: dict[str, Path]  # agency code → PKCS#12 file
    trust_root_pem: bytes


@pytest.fixture
def test_cluster(demo_data: dict[str, int], tmp_path: Path) -> TestCluster:
    """CUM-E2E in 2023 with a published, signed covenant; users; a test CA and its keys."""
    return outside_the_event_loop(lambda: _build_test_cluster(tmp_path))


def _build_test_cluster(tmp_path: Path) -> TestCluster:
    import datetime as dt

    from thidua.accounts.choices import Role
    from thidua.accounts.services import membership_grant, user_create
    from thidua.covenants.models import TrustedRoot
    from thidua.covenants.selectors import version_values
    from thidua.covenants.services import (
        SignatoryValues,
        VersionValues,
        covenant_draft,
        covenant_finalise,
        covenant_publish,
        covenant_version_save,
        signatory_confirm,
        signatory_sign,
        signing_event_set,
    )
    from thidua.documents import signing
    from thidua.emulation.services import GroupYearValues, group_year_create
    from thidua.organizations.models import Agency

    agencies = {code: Agency.objects.get(code=code) for code in MEMBERS}
    users = [(LEADER_OFFICER, Role.AGENCY_OFFICER, LEADER_2024)]
    users.append((MEMBER_OFFICER, Role.AGENCY_OFFICER, "SCT-DT"))
    users += [(username, Role.AGENCY_LEADER, code) for code, (username, _n) in MEMBERS.items()]
    for username, role, code in users:
        user = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
        membership_grant(actor=None, user=user, role=role, agency=agencies[code])

    ca = signing.make_test_ca("thidua — CA kiểm thử trình duyệt")
    TrustedRoot.objects.create(name="CA kiểm thử", certificate_pem=ca.certificate_pem().decode())
    keys: dict[str, Path] = {}
    for code, agency in agencies.items():
        path = tmp_path / f"{code}.p12"
        path.write_bytes(
            signing.issue_signer_pkcs12(
                ca,
                person_name=MEMBERS[code][1],
                organisation=agency.name,
                password=KEY_PASSWORD.encode(),
            )
        )
        keys[code] = path

    group_2023 = group_year_create(
        actor=None,
        organiser=Agency.objects.get(code="BCT"),
        code=CLUSTER,
        name=CLUSTER_NAME,
        kind="cluster",
        values=GroupYearValues(
            year=2023,
            members=list(agencies.values()),
            leader=agencies["SCT-DT"],
            deputy=agencies["SCT-TG"],
        ),
    )
    covenant = covenant_draft(actor=None, group_year=group_2023)
    assert covenant.current_version is not None
    base = version_values(covenant.current_version)
    covenant_version_save(
        actor=None,
        covenant=covenant,
        values=VersionValues(
            title="GIAO ƯỚC THI ĐUA NĂM 2023",
            theme=THEME,
            legal_bases=base.legal_bases,
            goals=base.goals,
            closing=base.closing,
            items=base.items,
        ),
    )
    signing_event_set(
        actor=None,
        covenant=covenant,
        date=dt.date(2023, 4, 20),
        place="Cao Lãnh",
        signatories=[SignatoryValues(a, MEMBERS[c][1], "Giám đốc") for c, a in agencies.items()],
    )
    covenant = covenant_finalise(actor=None, covenant=covenant)
    for signatory in covenant.signatories.select_related("agency").order_by("order"):
        signatory_confirm(actor=None, signatory=signatory)
        signatory_sign(
            actor=None,
            signatory=signatory,
            pkcs12=keys[signatory.agency.code].read_bytes(),
            password=KEY_PASSWORD.encode(),
        )
    covenant_publish(actor=None, covenant=covenant)
    return TestCluster(covenant.pk, keys, ca.certificate_pem())


def _signed_in(new_page: Callable[..., Page], username: str, width: int = 1280) -> Page:
    page = new_page(width=width)
    log_in(page, username, PASSWORD)
    return page


def _label(code: str) -> str:
    from thidua.organizations.models import Agency

    agency = Agency.objects.get(code=code)
    return f"{agency.name} ({agency.code})"


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def _ministry_sets_up_2024(page: Page) -> None:
    page.goto("/cum-thi-dua/quyet-dinh/them/")
    form = page.locator("main form")
    form.get_by_label("Số, ký hiệu").fill("15/QĐ-BCT")
    form.get_by_label("Ngày ban hành").fill("22/01/2024")
    form.get_by_label("Cơ quan ban hành").select_option(label="Bộ Công Thương")
    form.get_by_label("Trích yếu").fill(
        "Về việc phân chia Khối, Cụm thi đua và công nhận Cụm trưởng, Cụm phó năm 2024"
    )
    form.get_by_role("button", name="Lưu").click()
    _message(page, "Đã ghi quyết định.")
    expect(page.locator("table.list")).to_contain_text("15/QĐ-BCT")

    # A new group's form for 2024 offers the agencies of 2024 (the pre-2025 departments).
    page.goto("/cum-thi-dua/?year=2024")
    page.get_by_role("link", name="Lập khối, cụm").click()
    expect(page.locator("main form").get_by_label("Năm")).to_have_value("2024")
    expect(page.get_by_label(_label("SCT-DT"), exact=True)).to_be_visible()

    page.goto(f"/cum-thi-dua/{CLUSTER}/2023/")
    page.get_by_role("button", name="Chuyển sang năm 2024").click()
    expect(page).to_have_url(re.compile(rf"/cum-thi-dua/{CLUSTER}/2024/$"))
    _message(page, "Đã chuyển sang năm 2024.")
    _message(page, "Chưa có luân phiên được Bộ xác nhận")

    page.locator(".page-head").get_by_role("link", name="Sửa", exact=True).click()
    form = page.locator("main form")
    for code in MEMBERS:  # the copy kept the members
        expect(form.get_by_label(_label(code), exact=True)).to_be_checked()
    decision = "15/QĐ-BCT ngày 22/01/2024"
    form.get_by_label("Quyết định phân chia khối, cụm").select_option(label=decision)
    form.get_by_label("Quyết định công nhận cụm trưởng, cụm phó", exact=True).select_option(
        label=decision
    )
    form.get_by_label("Cụm trưởng", exact=True).select_option(label=_label(LEADER_2024))
    form.get_by_label("Cụm phó", exact=True).select_option(label=_label(DEPUTY_2024))
    form.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(rf"/cum-thi-dua/{CLUSTER}/2024/$"))
    _message(page, "Đã lưu thay đổi.")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("15/QĐ-BCT")
    expect(facts).to_contain_text("Sở Công Thương tỉnh Tiền Giang")


def _leader_drafts_from_2023(page: Page) -> int:
    page.goto(f"/cum-thi-dua/{CLUSTER}/2024/")
    page.get_by_role("link", name="Giao ước thi đua năm 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Giao ước thi đua năm 2024")
    expect(page.get_by_label("Từ giao ước năm 2023")).to_be_checked()
    page.get_by_role("button", name="Soạn dự thảo").click()
    _message(page, "Đã tạo dự thảo giao ước.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa dự thảo giao ước")
    form = page.locator("main form")
    expect(form.get_by_label("Tên văn bản")).to_have_value("GIAO ƯỚC THI ĐUA NĂM 2024")
    expect(form.get_by_label("Chủ đề", exact=True)).to_have_value(THEME)
    expect(form.get_by_label("Căn cứ (mỗi dòng một căn cứ)")).to_have_value(
        re.compile("Quyết định số 15/QĐ-BCT ngày 22/01/2024")
    )
    items = form.get_by_label("Nội dung thi đua (mỗi dòng một nội dung)")
    items.fill(items.input_value() + f"\n{NEW_ITEM} | 100%")
    form.get_by_role("button", name="Lưu phiên bản mới").click()
    _message(page, "Đã lưu phiên bản 2.")
    match = re.search(r"/giao-uoc/(\d+)/$", page.url)
    assert match, page.url
    expect(page.locator(".status")).to_contain_text("Dự thảo")
    expect(page.locator(".covenant-text")).to_contain_text(f"{NEW_ITEM} Chỉ tiêu: 100%")
    return int(match.group(1))


def _outsider_sees_nothing(page: Page, pk: int) -> None:
    for path in (f"/giao-uoc/{pk}/", f"/giao-uoc/{pk}/giao-uoc.pdf", f"/giao-uoc/{pk}/sua/"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, path
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
        main = page.locator("main")
        for secret in (CLUSTER_NAME, THEME, NEW_ITEM, "Giao ước thi đua"):
            expect(main).not_to_contain_text(secret)


def _member_comments(page: Page, pk: int) -> None:
    page.goto(f"/giao-uoc/{pk}/")
    expect(page.get_by_role("link", name="Sửa dự thảo")).to_have_count(0)
    form = page.locator("main form", has=page.get_by_role("button", name="Gửi góp ý"))
    expect(form.get_by_label("Góp ý với tư cách đơn vị")).to_have_value(str(_agency_pk("SCT-DT")))
    form.get_by_role("textbox", name="Góp ý", exact=True).fill(
        "Đề nghị bổ sung chỉ tiêu về xúc tiến thương mại."
    )
    form.get_by_role("button", name="Gửi góp ý").click()
    _message(page, "Đã gửi góp ý.")
    comments = page.locator("#comments-heading + h3 + ul")
    expect(comments).to_contain_text("Sở Công Thương tỉnh Đồng Tháp")
    expect(comments).to_contain_text("xúc tiến thương mại")


def _agency_pk(code: str) -> int:
    from thidua.organizations.models import Agency

    return int(Agency.objects.get(code=code).pk)


def _leader_sets_event_and_finalises(page: Page, pk: int) -> None:
    page.goto(f"/giao-uoc/{pk}/")
    expect(page.locator("#comments-heading ~ ul").first).to_contain_text("xúc tiến thương mại")
    page.get_by_role("link", name="Thông tin ký kết").click()
    form = page.locator("main form")
    form.get_by_label("Ngày ký kết").fill("15/03/2024")
    form.get_by_label("Địa điểm").fill("Mỹ Tho")
    for code, (_username, name) in MEMBERS.items():
        agency_name = _label(code).rsplit(" (", 1)[0]
        form.get_by_label(f"Người ký — {agency_name}", exact=True).fill(name)
        expect(form.get_by_label(f"Chức vụ — {agency_name}", exact=True)).to_have_value("Giám đốc")
    form.get_by_role("button", name="Lưu").click()
    _message(page, "Đã lưu thông tin ký kết.")
    expect(page.locator("#signing-heading + p")).to_have_text("Mỹ Tho, 15/03/2024")
    page.get_by_role("button", name="Chốt và mở ký").click()
    _message(page, "Đã chốt giao ước; các đơn vị có thể ký.")
    expect(page.locator(".status")).to_contain_text("Đã chốt, đang ký")
    expect(page.get_by_role("link", name="Sửa dự thảo")).to_have_count(0)


def _member_leader_signs(page: Page, pk: int, code: str, key: Path) -> None:
    page.goto(f"/giao-uoc/{pk}/")
    rows = page.locator("section[aria-labelledby=signing-heading] tbody tr")
    expect(rows.get_by_role("link", name="Ký", exact=True)).to_have_count(1)  # only its own
    row = rows.filter(has_text=MEMBERS[code][1])
    row.get_by_role("link", name="Ký", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ký giao ước cho")
    page.get_by_role("button", name="Tôi xác nhận ký giao ước này").click()
    _message(page, "Đã xác nhận ký.")
    expect(page.locator("section[aria-labelledby=confirm-heading]")).to_contain_text(
        "Đã xác nhận lúc"
    )
    form = page.locator("main form", has=page.get_by_role("button", name="Ký số", exact=True))
    form.get_by_label("Hoặc tải lên tệp chữ ký số (.p12, .pfx)").set_input_files(key)
    form.get_by_label("Mật khẩu tệp chữ ký số").fill(KEY_PASSWORD)
    form.get_by_role("button", name="Ký số", exact=True).click()
    _message(page, "Đã ký số giao ước.")
    expect(page).to_have_url(re.compile(rf"/giao-uoc/{pk}/$"))
    expect(row.locator("td").nth(2)).to_contain_text("✔")
    expect(row.locator("td").nth(3)).to_contain_text("✔")


def _leader_publishes_and_verifies(page: Page, pk: int) -> None:
    page.goto(f"/giao-uoc/{pk}/")
    page.get_by_role("button", name="Ban hành").click()
    _message(page, "Đã ban hành giao ước.")
    expect(page.locator(".status")).to_contain_text("Đã ban hành")
    page.get_by_role("link", name="Kiểm tra chữ ký số").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra chữ ký số")
    rows = page.locator("main table.list tbody tr")
    expect(rows).to_have_count(len(MEMBERS))
    for index, (_username, name) in enumerate(MEMBERS.values()):
        row = rows.nth(index)
        expect(row).to_contain_text(name)
        expect(row.locator("td").nth(2)).to_have_text("✔ Toàn vẹn")
        expect(row.locator("td").nth(3)).to_have_text("✔ Tin cậy")
    expect(rows.last.locator("td").nth(4)).to_have_text("Chữ ký cuối, bao trùm toàn bộ văn bản")
    expect(page.locator("main .bad")).to_have_count(0)


def _check_pdf(page: Page, pk: int, trust_root_pem: bytes, tmp_path: Path) -> None:
    from thidua.documents import signing

    response = page.request.get(f"/giao-uoc/{pk}/giao-uoc.pdf")
    assert response.ok, response.status
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    root = signing.load_certificate(trust_root_pem)
    reports = outside_the_event_loop(lambda: signing.verify_pdf(pdf, trust_roots=[root]))
    assert [r.signer_name for r in reports] == [name for _u, name in MEMBERS.values()]
    for report in reports:
        assert report.intact, report
        assert report.valid, report
        assert report.trusted, report
        assert not report.modified_after, report
        assert not report.problem, report
    assert reports[-1].covers_whole_document

    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.fail("Poppler's pdfsig is missing (Debian package poppler-utils)", pytrace=False)
    path = tmp_path / "giao-uoc-2024.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [pdfsig, "-nocert", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert len(re.findall(r"^Signature #\d+:", output, re.MULTILINE)) == len(MEMBERS), output
    validations = re.findall(r"Signature Validation: (.+)", output)
    assert validations == ["Signature is Valid."] * len(MEMBERS), output
    assert output.count("Total document signed") == 1, output  # only the last covers it all


def test_the_covenant_path_from_decision_to_verified_signatures(
    new_page: Callable[..., Page], test_cluster: TestCluster, tmp_path: Path
) -> None:
    started = time.monotonic()
    ministry = _signed_in(new_page, "bocongthuong")
    _ministry_sets_up_2024(ministry)

    leader = _signed_in(new_page, LEADER_OFFICER)
    pk = _leader_drafts_from_2023(leader)
    assert pk != test_cluster.covenant_2023

    _outsider_sees_nothing(_signed_in(new_page, OUTSIDER), pk)
    _member_comments(_signed_in(new_page, MEMBER_OFFICER), pk)
    _leader_sets_event_and_finalises(leader, pk)
    for code, (username, _name) in MEMBERS.items():
        _member_leader_signs(_signed_in(new_page, username), pk, code, test_cluster.keys[code])
    _leader_publishes_and_verifies(leader, pk)
    _check_pdf(leader, pk, test_cluster.trust_root_pem, tmp_path)

    leader.goto(f"/cum-thi-dua/{CLUSTER}/2023/giao-uoc/")
    expect(leader.locator(".card-list")).to_contain_text("Đã ban hành")
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("page_path", ["", "xac-minh/"])
def test_a_phone_shows_the_covenant_without_sideways_scrolling(
    new_page: Callable[..., Page], test_cluster: TestCluster, page_path: str
) -> None:
    page = _signed_in(new_page, "lanhdao.vinhlong", width=390)
    page.goto(f"/giao-uoc/{test_cluster.covenant_2023}/{page_path}")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main table.list tbody tr")).to_have_count(len(MEMBERS))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the covenant page is {overflow}px wider than a 390px phone"
