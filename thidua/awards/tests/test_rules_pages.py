"""The rule catalogue pages: the dated versions, the titles, one version's conditions in words.

Every signed-in persona reads them (the outsider included); the anonymous visitor is sent to the
log-in page. The versions are the ones the data migration ships (``nd98-2024`` until 30/06/2025,
``nd152-2025`` from 01/07/2025).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.awards.models import AwardTitle, EligibilityCondition
from thidua.awards.selectors import describe_params, rule_set_in_force
from thidua.core.testing import Personas

pytestmark = pytest.mark.django_db

ClientAs = Callable[[Any], Client]
PERSONAS = [
    "anonymous",
    "viewer",
    "outsider",
    "member_officer",
    "agency_leader",
    "ministry_officer",
    "system_admin",
]


def listing() -> str:
    return reverse("awards:rule_sets")


def detail(code: str) -> str:
    return reverse("awards:rule_set", kwargs={"code": code})


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("version", ["", "nd152-2025", "nd98-2024"])
def test_every_signed_in_persona_reads_the_rules_and_the_anonymous_visitor_logs_in(
    personas: Personas, client_as: ClientAs, who: str, version: str
) -> None:
    response = client_as(getattr(personas, who)).get(detail(version) if version else listing())

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 200


def test_an_unknown_version_is_a_404(personas: Personas, client_as: ClientAs) -> None:
    assert client_as(personas.outsider).get(detail("nd-404")).status_code == 404


def test_the_list_shows_each_version_with_its_dates_basis_and_policy_and_marks_todays(
    personas: Personas, client_as: ClientAs
) -> None:
    html = client_as(personas.outsider).get(listing()).content.decode()

    rows = re.findall(r"<tr[^>]*>\s*<td data-label=\"Phiên bản\">.*?</tr>", html, re.S)
    assert len(rows) == 2
    newest, older = rows
    today = rule_set_in_force(dt.date.today())
    assert today is not None
    assert today.code == "nd152-2025"
    assert 'class="in-force"' in newest
    assert "Đang áp dụng" in newest
    assert "Đang áp dụng" not in older
    assert "từ 01/07/2025 đến nay" in newest
    assert "từ 01/01/2024 đến 30/06/2025" in older
    assert "Nghị định số 152/2025/NĐ-CP" in newest
    assert "Nghị định số 98/2023/NĐ-CP" in older
    # The continuity policy in words, and the award types counted toward higher awards.
    assert "Cần xem xét khi chỉ đạt nhờ thành tích của đơn vị trước" in newest
    assert "kết quả là “Cần xem xét”" in newest
    assert "Khen thưởng theo công trạng" in newest
    assert f'href="{detail("nd152-2025")}"' in newest


def test_the_list_shows_the_whole_catalogue_linked_to_the_version_in_force(
    personas: Personas, client_as: ClientAs
) -> None:
    html = client_as(personas.viewer).get(listing()).content.decode()

    for title in AwardTitle.objects.all():
        assert f'id="award-{title.code}"' in html
        assert title.name in html
    assert f'href="{detail("nd152-2025")}#chien_si_thi_dua_bo"' in html
    assert "Thủ tướng Chính phủ" in html  # who confers the national forms


def test_a_version_shows_its_conditions_per_title_and_recipient_type(
    personas: Personas, client_as: ClientAs
) -> None:
    html = client_as(personas.member_officer).get(detail("nd152-2025")).content.decode()

    assert "Phiên bản đang áp dụng." in html
    assert '<h2 id="bang_khen_bo">' in html
    assert 'id="bang_khen_bo-person"' in html
    assert 'id="bang_khen_bo-collective"' in html
    shown = set(re.findall(r'<tr id="([\w-]+)" class="condition-', html))
    stored = {
        f"{c.award.code}-{c.recipient_type}-{c.rule_id}"
        for c in EligibilityCondition.objects.filter(rule_set__code="nd152-2025").select_related(
            "award"
        )
    }
    assert shown == stored


def condition_row(html: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}".*?</tr>', html, re.S)
    assert found is not None, row_id
    return found.group(0)


def test_a_conditions_parameters_are_written_in_words(
    personas: Personas, client_as: ClientAs
) -> None:
    html = client_as(personas.outsider).get(detail("nd152-2025")).content.decode()

    chain = condition_row(html, "chien_si_thi_dua_bo-person-chain")
    assert "<li>các năm: Y−2, Y−1, Y</li>" in chain
    assert "<li>đạt: Chiến sĩ thi đua cơ sở</li>" in chain
    assert "không tính lại các năm đã dùng để được: Chiến sĩ thi đua bộ, ban, ngành, tỉnh" in chain
    assert "Kiểm tra theo dữ liệu" in chain
    assert "Nghị định số 152/2025/NĐ-CP" in chain
    rating = condition_row(html, "lao_dong_tien_tien-person-rating")
    assert "<li>năm: Y</li>" in rating
    assert "đạt một trong: Hoàn thành tốt nhiệm vụ; Hoàn thành xuất sắc nhiệm vụ" in rating
    share = condition_row(html, "tap_the_lao_dong_tien_tien-collective-members_lao_dong_tien_tien")
    assert "tỷ lệ tối thiểu: 70 %" in share
    discipline = condition_row(html, "lao_dong_tien_tien-person-discipline_in_year")
    assert "từ hình thức Cảnh cáo trở lên" in discipline
    options = condition_row(html, "bang_khen_bo-person-achievements")
    assert "cách 1 — Chiến sĩ thi đua cơ sở năm xét và năm liền trước" in options
    assert "phạm vi: Cấp cơ sở, Cấp bộ, ngành, tỉnh, Toàn quốc; ít nhất: 2" in options
    flags = condition_row(html, "bang_khen_thu_tuong-collective-flags")
    assert "cách 2: Bằng khen của bộ, ban, ngành, tỉnh (ít nhất: 2)" in flags
    prior = condition_row(html, "bang_khen_thu_tuong-person-prior_bang_khen_bo")
    assert "đến năm: Y−5" in prior
    assert "cách hiểu của thidua" in prior  # the project's reading, said in its legal basis


def test_an_attested_condition_is_marked_as_left_to_the_proposer(
    personas: Personas, client_as: ClientAs
) -> None:
    html = client_as(personas.agency_leader).get(detail("nd98-2024")).content.decode()

    council = condition_row(html, "chien_si_thi_dua_co_so-person-council")
    assert 'class="condition-attested"' in council
    assert "Do người đề nghị xác nhận" in council
    assert "Hội đồng Thi đua – Khen thưởng cơ sở bỏ phiếu đạt từ 80 % trở lên" in council
    assert "Phiên bản đang áp dụng." not in html


def test_unknown_parameters_are_shown_as_stored() -> None:
    assert describe_params({"offsets": [-3, 0], "quorum": {"min": 2}}, {}) == [
        "các năm: Y−3, Y",
        'quorum: {"min": 2}',
    ]


def test_the_pages_cost_a_fixed_number_of_queries(
    personas: Personas, client_as: ClientAs, django_assert_max_num_queries: Any
) -> None:
    client = client_as(personas.outsider)

    with django_assert_max_num_queries(12):
        assert client.get(listing()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(detail("nd152-2025")).status_code == 200
