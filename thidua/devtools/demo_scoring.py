"""The demo's year-end scoring: cluster XI's 2023 self-assessments, cross-review and ranking.

Everything here is made up for the demo — scores, explanations, report numbers, the awards
and the traffic violation — and every evidence file says so on its face. The run goes through
the services in the order of the real work: the leader sets the deadline; each member scores
every leaf of the default table, attaches evidence and submits before the deadline; the
cluster cross-checks in the "assigned" mode (each unit reviews two others); reviewers lower a
few scores with reasons, one unit answers, the leader (Cần Thơ) consolidates those criteria;
the ranking is published on 28/12/2023.

The totals make a ranking worth looking at: An Giang and Cà Mau tie on 97.5 and share rank 2;
Kiên Giang scores 98 but a traffic violation in its conduct record trips the default table's
disqualifier, so it is listed last.

Acts are the system's (``actor=None``) as in the rest of the demo, except a submission, which
is made by the unit's leader user where the demo has one for that agency (none of the 2023
departments has one: the demo's leader user belongs to the merged 2025 department).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.documents.dates import place_and_date
from thidua.emulation.models import GroupYear
from thidua.organizations.models import Agency
from thidua.scoring import services
from thidua.scoring.choices import AssessmentStatus, CriterionKind, ReviewMode, TableStatus
from thidua.scoring.models import (
    ConductRecord,
    Criterion,
    ReviewAssignment,
    ReviewScore,
    ScoringTable,
)
from thidua.scoring.results import rule_in_force
from thidua.scoring.selectors import scorable_criteria

D = Decimal
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2023
DEADLINE = dt.datetime(2023, 12, 15, 17, 0, tzinfo=TZ)
PUBLISHED_AT = dt.datetime(2023, 12, 28, 9, 30, tzinfo=TZ)
DEMO_MARK = "Dữ liệu mẫu của phần mềm thidua: không có thật."
# Evidence of this criterion is a photo (PNG) of the certificate; the rest are PDF reports.
PHOTO_CRITERION = "V.5"

# Full marks (scored criteria) or nothing (bonus and penalty items), unless a unit says else.
GENERIC = {
    "II.1": "Ban hành kế hoạch phát động thi đua năm 2023, tổ chức sơ kết, tổng kết; gửi đầy "
    "đủ, đúng hạn các báo cáo thi đua, khen thưởng.",
    "III.1": "Đảng bộ Sở xếp loại “Hoàn thành tốt nhiệm vụ” trở lên; không có đảng viên bị "
    "kỷ luật trong năm.",
    "III.2": "Công đoàn cơ sở và Chi đoàn Sở được công nhận vững mạnh.",
    "V.1": "Chấp hành nghiêm chủ trương của Đảng, pháp luật của Nhà nước; tập thể đoàn kết, "
    "không có đơn thư vượt cấp.",
    "V.2": "Hoàn thành kế hoạch huấn luyện tự vệ cơ quan và diễn tập phòng cháy, chữa cháy.",
    "V.3": "Được Công an tỉnh công nhận đạt chuẩn “An toàn về an ninh, trật tự” năm 2023.",
    "V.4": "Tổ chức hội nghị cán bộ, công chức; báo cáo thực hiện Quy chế dân chủ ở cơ sở "
    "đầy đủ, đúng hạn.",
    "V.5": "Giữ vững danh hiệu “Cơ quan đạt chuẩn văn hóa”; thực hiện tốt quy tắc ứng xử.",
    "V.6": "Thực hiện chương trình thực hành tiết kiệm, chống lãng phí; không phát hiện vụ "
    "việc tham nhũng, tiêu cực.",
    "VI.1": "Không có hình thức khen thưởng cấp nhà nước trong năm.",
    "VI.2": "Chưa có sáng kiến, mô hình được cụm nhân rộng.",
    "VI.3": "Không đăng cai hoạt động của cụm trong năm.",
    "VII.1": "Gửi đầy đủ, đúng hạn các báo cáo theo yêu cầu của cụm.",
    "VII.2": "Tham gia đầy đủ các hoạt động do cụm tổ chức.",
}


def _rows(text: str, fields: int) -> list[list[str]]:
    """Rows of ``fields`` whitespace-separated fields, the last taking the rest of the line;
    an indented line continues the last field of the row above."""
    rows: list[list[str]] = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            rows[-1][-1] += " " + line.strip()
        else:
            rows.append(line.split(maxsplit=fields - 1))
    return rows


@dataclass(frozen=True)
class UnitPlan:
    """One member's self-assessment: ``scores`` lines ``code points explanation`` where they
    differ from ``GENERIC``, when it submits, the numbering of its evidence reports, and its
    conduct record."""

    place: str
    report_number: int
    submitted_at: dt.datetime
    scores: str
    traffic_violations: int = 0
    conduct_reference: str = ""

    def points_and_text(self) -> dict[str, tuple[Decimal, str]]:
        return {code: (D(points), text) for code, points, text in _rows(self.scores, 3)}


def _at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(YEAR, 12, day, hour, minute, tzinfo=TZ)


UNITS: dict[str, UnitPlan] = {
    "SCT-CT": UnitPlan(
        "Cần Thơ",
        312,
        _at(14, 10, 15),
        """
I.1 33.5 Hoàn thành 9/10 chỉ tiêu; IIP tăng 7,6%, tổng mức bán lẻ hàng hóa tăng 12,4%; kim
  ngạch xuất khẩu đạt 97,8% kế hoạch.
I.2 14.5 Nhân rộng mô hình chợ văn minh thương mại tại 4 quận, huyện; mô hình thứ năm đang
  triển khai.
IV.1 14.5 Chỉ số cải cách hành chính xếp thứ 3 các sở, ngành; 100% thủ tục đủ điều kiện
  trực tuyến toàn trình; còn 02 hồ sơ trễ hạn.
VI.2 2 Mô hình “Chợ 4.0 – thanh toán không dùng tiền mặt” được cụm thống nhất nhân rộng.
VI.3 2 Đăng cai Hội nghị ký kết giao ước thi đua Cụm XI ngày 10/05/2023 tại Cần Thơ.
""",
    ),
    "SCT-AG": UnitPlan(
        "An Giang",
        276,
        _at(12, 15, 40),
        """
I.1 34 Hoàn thành 10/10 chỉ tiêu; IIP tăng 8,2%, tổng mức bán lẻ hàng hóa tăng 14,1%; xuất
  khẩu đạt 101,5% kế hoạch (quý IV là số ước).
I.2 14 Xây dựng 3 mô hình điểm: cửa hàng bình ổn giá, khuyến công máy sấy lúa, sản phẩm
  OCOP trên sàn thương mại điện tử.
IV.1 14 96,8% hồ sơ giải quyết trước và đúng hạn; 85% thủ tục trực tuyến toàn trình; số hóa
  kết quả giải quyết đạt 78%.
VI.2 1.5 Sáng kiến “Bản đồ số mạng lưới chợ” được công nhận cấp tỉnh; đề xuất cụm nhân rộng.
""",
    ),
    "SCT-CM": UnitPlan(
        "Cà Mau",
        198,
        _at(13, 9, 5),
        """
I.1 33 Hoàn thành 9/10 chỉ tiêu; IIP tăng 6,9%, tổng mức bán lẻ hàng hóa tăng 11,2%; xuất
  khẩu thủy sản đạt 96% kế hoạch do giá tôm giảm.
I.2 13.5 Nhân rộng điện mặt trời mái nhà tại 2 khu công nghiệp và mô hình hợp tác xã tiêu
  thụ tôm sinh thái.
II.1 9.5 Ban hành kế hoạch thi đua, tổ chức tổng kết; 01 báo cáo sơ kết gửi sau thời hạn.
III.2 4.5 Công đoàn cơ sở vững mạnh; Chi đoàn xếp loại khá.
IV.1 14 97,5% hồ sơ giải quyết đúng hạn; chưa kết nối xong phần mềm một cửa với Cổng Dịch
  vụ công quốc gia.
VI.1 3 Bằng khen của Thủ tướng Chính phủ vì thành tích bảo đảm cung ứng điện, xăng dầu.
""",
    ),
    "SCT-HG": UnitPlan(
        "Hậu Giang",
        154,
        _at(15, 16, 20),
        """
I.1 32 Hoàn thành 8/10 chỉ tiêu; IIP tăng 5,4%, tổng mức bán lẻ hàng hóa tăng 10,6%; thu
  hút đầu tư vào cụm công nghiệp đạt 80% kế hoạch.
I.2 13 Xây dựng mô hình “Tuyến phố văn minh thương mại” tại Vị Thanh; chưa nhân rộng.
II.1 9 Phát động thi đua theo chuyên đề; báo cáo tổng kết còn thiếu số liệu khen thưởng
  đột xuất.
III.2 4 Công đoàn cơ sở vững mạnh; Chi đoàn hoàn thành nhiệm vụ.
IV.1 13 94% hồ sơ giải quyết đúng hạn; 72% thủ tục trực tuyến toàn trình; chưa số hóa xong
  hồ sơ lưu trữ.
V.5 2.5 Đạt chuẩn văn hóa; còn 01 trường hợp chưa đúng quy định trang phục công sở.
VI.2 2 Mô hình “Phiên chợ hàng Việt về nông thôn” đề xuất cụm nhân rộng.
VII.1 1 Gửi chậm 01 báo cáo tháng so với thời hạn của cụm.
""",
    ),
    "SCT-BL": UnitPlan(
        "Bạc Liêu",
        187,
        _at(15, 11, 30),
        """
I.1 30.5 Hoàn thành 7/10 chỉ tiêu; IIP tăng 4,8%, tổng mức bán lẻ hàng hóa tăng 9,5%; sản
  lượng điện gió chưa đạt do chậm đóng điện dự án.
I.2 12 Duy trì mô hình làm muối trải bạt; chưa xây dựng mô hình mới.
II.1 9 Phát động thi đua đầy đủ; hồ sơ đề nghị khen thưởng phải bổ sung 01 lần.
III.1 4.5 Đảng bộ Sở “Hoàn thành tốt nhiệm vụ”; 01 chi bộ xếp loại hoàn thành nhiệm vụ.
III.2 4 Công đoàn cơ sở vững mạnh; Chi đoàn xếp loại khá.
IV.1 12.5 92% hồ sơ giải quyết đúng hạn; 65% thủ tục trực tuyến toàn trình; 05 hồ sơ trễ
  hạn đã có thư xin lỗi.
V.3 2.5 Đạt chuẩn an toàn về an ninh, trật tự; thiếu phương án bảo vệ kho lưu trữ.
V.5 2.5 Đạt chuẩn văn hóa; chưa tổ chức hội thi văn hóa công sở.
V.6 1.5 Có chương trình tiết kiệm; báo cáo kê khai tài sản, thu nhập gửi chậm.
VII.2 1 Vắng 01 lần tại hội thao của cụm.
""",
    ),
    "SCT-KG": UnitPlan(
        "Kiên Giang",
        301,
        _at(11, 14, 0),
        """
I.1 34 Hoàn thành 10/10 chỉ tiêu; IIP tăng 9,1%, tổng mức bán lẻ hàng hóa tăng 15,3%; xuất
  khẩu đạt 103% kế hoạch.
I.2 14.5 Nhân rộng điểm bán sản phẩm OCOP tại Phú Quốc và các khu du lịch; hỗ trợ 12 cơ sở
  công nghiệp nông thôn.
IV.1 14.5 98,6% hồ sơ giải quyết trước và đúng hạn; 90% thủ tục trực tuyến toàn trình; 100%
  văn bản đi ký số.
V.1 2 Tập thể đoàn kết; 01 công chức bị xử phạt vi phạm giao thông đường bộ, đã kiểm điểm.
VI.2 1 Sáng kiến “Nhật ký điện tử kiểm tra thị trường” được cụm ghi nhận.
""",
        traffic_violations=1,
        conduct_reference="Thông báo số 1520/TB-CAT-PC08 ngày 12/09/2023 của Công an tỉnh "
        "Kiên Giang về 01 công chức vi phạm Luật Giao thông đường bộ (mẫu).",
    ),
}

# reviewed unit, criterion, which of its two reviewers (0, 1), proposed points, reason
REVIEWS = _rows(
    """
SCT-AG I.1 0 32.5 Minh chứng chưa thể hiện số liệu cả năm; báo cáo chỉ tổng hợp đến hết
  tháng 10/2023.
SCT-AG I.1 1 33.5 Số liệu quý IV là số ước thực hiện; đề nghị trừ 0,5 điểm.
SCT-CM II.1 0 8.5 Báo cáo tổng kết công tác thi đua, khen thưởng gửi chậm 02 ngày so với
  thời hạn của cụm.
SCT-HG VI.2 0 1 Mô hình chưa có văn bản của cụm công nhận nhân rộng; minh chứng mới là kế
  hoạch triển khai.
SCT-BL IV.1 1 11.5 Minh chứng chưa thể hiện tỷ lệ hồ sơ trực tuyến toàn trình của cả năm.
""",
    5,
)
# reviewed unit, criterion, reviewer (0, 1), the unit's response
RESPONSES = _rows(
    """
SCT-AG I.1 0 Đơn vị đã bổ sung số liệu ước thực hiện cả năm tại Báo cáo số 289/BC-SCT ngày
  18/12/2023; đề nghị cụm xem xét giữ 34 điểm.
""",
    4,
)
# unit, criterion, the leader's consolidated points, note
FINALS = _rows(
    """
SCT-AG I.1 33 Thống nhất 33 điểm: số liệu cả năm đã bổ sung nhưng quý IV là số ước.
SCT-CM II.1 9.5 Giữ điểm tự chấm: báo cáo đã gửi qua hệ thống đúng hạn, bản giấy gửi sau.
SCT-HG VI.2 1 Theo đề xuất của đơn vị chấm chéo.
SCT-BL IV.1 12 Thống nhất 12 điểm sau khi đối chiếu số liệu Cổng Dịch vụ công.
""",
    4,
)


def _leader_user(agency: Agency) -> User | None:
    """The demo user who heads ``agency`` (only they may submit its self-assessment)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency=agency,
            memberships__role=Role.AGENCY_LEADER,
            memberships__is_active=True,
        )
        .order_by("username")
        .first()
    )


def _plan(unit: UnitPlan, criterion: Criterion) -> tuple[Decimal, str]:
    given = unit.points_and_text().get(criterion.code)
    if given is not None:
        return given
    full = criterion.kind == CriterionKind.CRITERION
    return (criterion.max_points if full else D("0")), GENERIC[criterion.code]


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def seed_demo_scoring() -> None:
    """Carry cluster XI's 2023 scoring through to a published ranking (once)."""
    group_year = GroupYear.objects.filter(group__code="CUM-XI", year=YEAR).first()
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if (
        group_year is None
        or table is None
        or table.status != TableStatus.ACTIVE
        or table.rankings.exists()
    ):
        return
    leaves = scorable_criteria(table)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=UNITS)}
    members = set(group_year.members.values_list("agency__code", flat=True))
    if {c.code for c in leaves} != {*GENERIC, "I.1", "I.2", "IV.1"} or members != set(UNITS):
        return  # not the default table or not the demo's members: leave it to the user
    if table.self_assessment_deadline not in (None, DEADLINE):
        return  # someone scheduled the demo's table otherwise: leave it to them
    try:
        rule_in_force(table, PUBLISHED_AT.date())
    except DomainError:
        return  # no ranking rule (a flushed test database lacks the data migration's rule)
    if table.self_assessment_deadline is None:
        table = services.scoring_table_schedule(
            actor=None, table=table, deadline=DEADLINE, ranking_rule=table.ranking_rule
        )
    if not table.assessments.exists():
        _self_assess(table, leaves, agencies)
    submitted = table.assessments.filter(status=AssessmentStatus.SUBMITTED).count()
    if submitted != len(UNITS):
        return
    if not ReviewAssignment.objects.filter(assessment__table=table).exists():
        _cross_review(table, {c.code: c for c in leaves})
    services.ranking_publish(actor=None, table=table, now=PUBLISHED_AT)


def _self_assess(table: ScoringTable, leaves: list[Criterion], agencies: dict[str, Agency]) -> None:
    needs_file = [
        (code, c)
        for code, unit in UNITS.items()
        for c in leaves
        if c.evidence_required and _plan(unit, c)[0] > 0 and c.code != PHOTO_CRITERION
    ]
    reports = iter(_evidence_reports(table, needs_file, agencies))
    for code, unit in UNITS.items():
        agency = agencies[code]
        if not ConductRecord.objects.filter(agency=agency, year=YEAR).exists():
            services.conduct_record_save(
                actor=None,
                agency=agency,
                year=YEAR,
                values=services.ConductValues(
                    traffic_violations=unit.traffic_violations,
                    party_rating="htxsnv" if code == "SCT-CT" else "httnv",
                    security_standard=True,
                    cultural_agency=True,
                    reference=f"Báo cáo số {unit.report_number - 20}/BC-SCT ngày 30/11/2023 "
                    f"của {agency.name} về chấp hành kỷ luật, kỷ cương năm 2023 (mẫu)."
                    + (f" {unit.conduct_reference}" if unit.conduct_reference else ""),
                ),
            )
        assessment = services.self_assessment_open(actor=None, table=table, agency=agency)
        for criterion in leaves:
            points, text = _plan(unit, criterion)
            services.self_score_save(
                actor=None,
                assessment=assessment,
                criterion=criterion,
                points=points,
                explanation=text,
                version=None,
            )
            if not criterion.evidence_required or points == 0:
                continue
            if criterion.code == PHOTO_CRITERION:
                name, content = f"Giấy công nhận cơ quan văn hóa - {unit.place}.png", _png(code)
            else:
                name, content = f"Báo cáo minh chứng {criterion.code}.pdf", next(reports)
            services.evidence_attach(
                actor=None,
                assessment=assessment,
                criterion=criterion,
                upload=SimpleUploadedFile(name, content),
            )
        services.self_assessment_submit(
            actor=_leader_user(agency), assessment=assessment, now=unit.submitted_at
        )


def _cross_review(table: ScoringTable, criteria: dict[str, Criterion]) -> None:
    services.review_round_set(actor=None, table=table, mode=ReviewMode.ASSIGNED, per_unit=2)
    reviewers: dict[str, list[ReviewAssignment]] = {}
    for assignment in (
        ReviewAssignment.objects.filter(assessment__table=table)
        .select_related("assessment__agency", "reviewer")
        .order_by("pk")
    ):
        reviewers.setdefault(assignment.assessment.agency.code, []).append(assignment)
    for code, criterion, which, points, reason in REVIEWS:
        services.review_score_save(
            actor=None,
            assignment=reviewers[code][int(which)],
            criterion=criteria[criterion],
            points=D(points),
            reason=reason,
            version=None,
        )
    for code, criterion, which, response in RESPONSES:
        score = ReviewScore.objects.get(
            assignment=reviewers[code][int(which)], criterion=criteria[criterion]
        )
        services.review_response_save(actor=None, score=score, response=response)
    assessments = {a.agency.code: a for a in table.assessments.select_related("agency")}
    for code, criterion, points, note in FINALS:
        services.final_score_save(
            actor=None,
            assessment=assessments[code],
            criterion=criteria[criterion],
            points=D(points),
            note=note,
            version=None,
        )


def _evidence_reports(
    table: ScoringTable, wanted: list[tuple[str, Criterion]], agencies: dict[str, Agency]
) -> list[bytes]:
    """One-page "báo cáo minh chứng" PDFs, one per (unit, criterion), in ``wanted``'s order.

    WeasyPrint lays them all out in one document (one call costs a fraction of a second where
    one call per file would cost seconds) and pypdf cuts it into single pages.
    """
    import pypdf
    import weasyprint  # type: ignore[import-untyped]  # lazily, as documents.pdf does

    pages = []
    for index, (code, criterion) in enumerate(wanted):
        unit = UNITS[code]
        agency = agencies[code]
        points, text = _plan(unit, criterion)
        pages.append(
            _PAGE.format(
                province=escape(agency.name.removeprefix("Sở Công Thương ").upper()),
                number=unit.report_number + index,
                date=escape(place_and_date(unit.place, dt.date(YEAR, 12, 1 + index % 9))),
                code=escape(criterion.code),
                title=escape(criterion.title),
                table=escape(table.title),
                text=escape(text),
                points=_points(points),
                max=_points(criterion.max_points),
                mark=DEMO_MARK,
            )
        )
    html = f"<html lang='vi'><head><style>{_CSS}</style></head><body>{''.join(pages)}</body></html>"
    document = pypdf.PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    out: list[bytes] = []
    for page in document.pages:
        writer = pypdf.PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": "Báo cáo minh chứng (dữ liệu mẫu)"})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out


_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; }
section { page-break-after: always; }
.head { text-align: center; font-size: 12pt; }
.head div { float: left; width: 40%; }
.head div + div { width: 60%; }
h1 { clear: both; text-align: center; font-size: 14pt; padding-top: 12mm; margin: 0 0 2mm; }
p.sub { text-align: center; font-weight: bold; margin: 0 0 8mm; }
p.mark { margin-top: 12mm; font-style: italic; font-size: 11pt; color: #8a1c1c; }
"""
_PAGE = """<section>
<div class="head">
<div>UBND {province}<br><b>SỞ CÔNG THƯƠNG</b><br>Số: {number}/BC-SCT</div>
<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br>
<i>{date}</i></div></div>
<h1>BÁO CÁO MINH CHỨNG</h1>
<p class="sub">Tiêu chí {code}: {title}</p>
<p>Căn cứ {table} của Cụm thi đua XI, đơn vị báo cáo kết quả thực hiện tiêu chí như sau:</p>
<p>{text}</p>
<p>Điểm tự chấm: <b>{points}/{max}</b> điểm.</p>
<p class="mark">{mark}</p>
</section>"""


def _png(code: str, width: int = 240, height: int = 160) -> bytes:
    """A small picture of a certificate (frame, text lines, red seal), varied by unit."""
    cream, red, grey, gold = (253, 246, 227), (178, 34, 34), (150, 150, 150), (218, 165, 32)
    canvas = [bytearray(bytes(cream) * width) for _ in range(height)]

    def fill(x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        for y in range(max(0, y0), min(height, y1)):
            canvas[y][3 * x0 : 3 * x1] = bytes(colour) * (x1 - x0)

    for inset, colour in ((4, red), (9, gold)):
        fill(inset, inset, width - inset, inset + 3, colour)
        fill(inset, height - inset - 3, width - inset, height - inset, colour)
        fill(inset, inset, inset + 3, height - inset, colour)
        fill(width - inset - 3, inset, width - inset, height - inset, colour)
    fill(70, 26, 170, 34, red)  # the title
    seed = sum(code.encode())
    for line in range(5):  # the text, a different length per unit and line
        fill(30, 48 + 14 * line, 30 + 110 + (seed * (line + 3)) % 70, 53 + 14 * line, grey)
    cx, cy, radius = 190, 122, 20
    for y in range(cy - radius, cy + radius):  # the seal: a red ring
        for x in range(cx - radius, cx + radius):
            if (radius - 5) ** 2 <= (x - cx) ** 2 + (y - cy) ** 2 <= radius**2:
                canvas[y][3 * x : 3 * x + 3] = bytes(red)
    raw = b"".join(b"\x00" + bytes(row) for row in canvas)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
