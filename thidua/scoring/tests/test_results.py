"""Publishing and correcting the ranking (công bố, đính chính kết quả xếp hạng): the services,
the order and ranks they freeze, and the report built from a published ranking.

The builders at the top (a cluster, its active table, a unit's submitted scores) are shared
with ``test_result_views`` and ``test_ranking_export``.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from thidua.audit.models import AuditEvent
from thidua.core.errors import DomainError, IllegalTransition
from thidua.core.testing import Personas
from thidua.documents.layout import Table
from thidua.emulation.choices import GroupKind
from thidua.emulation.models import GroupYear
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency, Province
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    person_create,
    position_add,
)
from thidua.scoring.imports import scoring_table_import
from thidua.scoring.models import Criterion, Ranking, RankingEntry, ScoringTable, SelfAssessment
from thidua.scoring.result_documents import results_document
from thidua.scoring.selectors import latest_ranking
from thidua.scoring.services import (
    disqualifier_finding_set,
    final_score_save,
    ranking_correct,
    ranking_publish,
    scoring_table_activate,
    scoring_table_create_default,
    self_assessment_open,
    self_assessment_submit,
    self_score_save,
)

D = Decimal
YEAR = 2026
PUBLISHED_AT = dt.datetime(2027, 1, 15, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# 100 points in two groups, a bonus of at most 5 and a penalty of at most 10; no evidence is
# required, so any score may be submitted as it is.
TABLE_CSV = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Nhiệm vụ chuyên môn,60,không,\n"
    "I.1,I,criterion,Hoàn thành chỉ tiêu kế hoạch năm,40,không,\n"
    "I.2,I,criterion,Xây dựng mô hình mới,20,không,\n"
    "II,,group,Công tác thi đua,40,không,\n"
    "II.1,II,criterion,Báo cáo đúng hạn,40,không,\n"
    "VI,,bonus,Điểm thưởng,5,không,\n"
    "VI.1,VI,bonus,Được khen thưởng cấp nhà nước,5,không,\n"
    "VII,,penalty,Điểm trừ,10,không,\n"
    "VII.1,VII,penalty,Gửi báo cáo chậm,10,không,\n"
    ",,disqualifier,Tập thể mất đoàn kết,,,\n"
)
BY_HAND = "Tập thể mất đoàn kết"
PUBLISHED = "scoring.ranking.published"
CORRECTED = "scoring.ranking.corrected"


# --- Builders (shared) ------------------------------------------------------------------------


def make_agency(code: str, name: str, province_code: str | None = None) -> Agency:
    province = (
        Province.objects.filter(code=province_code, valid_to__isnull=True).first()
        if province_code
        else None
    )
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind="provincial_department",
            province=province,
            parent=None,
            valid_from=None,
            valid_to=None,
        ),
    )


def make_cluster(
    personas: Personas, code: str, members: list[Agency], year: int = YEAR
) -> GroupYear:
    """A cluster of ``year`` led by its first member."""
    return group_year_create(
        actor=None,
        organiser=personas.ministry,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=year, members=members, leader=members[0]),
    )


def active_table(group_year: GroupYear) -> ScoringTable:
    table = scoring_table_create_default(actor=None, group_year=group_year)
    scoring_table_import(
        actor=None, table=table, stream=io.BytesIO(TABLE_CSV.encode()), filename="bang.csv"
    )
    return scoring_table_activate(actor=None, table=table)


def criterion(table: ScoringTable, code: str) -> Criterion:
    return table.criteria.get(code=code)


def give_scores(
    table: ScoringTable,
    agency: Agency,
    *,
    i1: Any = 0,
    i2: Any = 0,
    ii1: Any = 0,
    bonus: Any = 0,
    penalty: Any = 0,
    submit: bool = True,
) -> SelfAssessment:
    """The unit scores itself (I.1 ≤ 40, I.2 ≤ 20, II.1 ≤ 40, bonus ≤ 5, penalty ≤ 10) and, by
    default, submits."""
    assessment = self_assessment_open(actor=None, table=table, agency=agency)
    for code, points in (
        ("I.1", i1),
        ("I.2", i2),
        ("II.1", ii1),
        ("VI.1", bonus),
        ("VII.1", penalty),
    ):
        self_score_save(
            actor=None,
            assessment=assessment,
            criterion=criterion(table, code),
            points=D(str(points)),
            explanation="",
            version=None,
        )
    if submit:
        self_assessment_submit(actor=None, assessment=assessment)
    return assessment


def disqualify(table: ScoringTable, assessment: SelfAssessment) -> None:
    disqualifier_finding_set(
        actor=None,
        assessment=assessment,
        disqualifier=table.disqualifiers.get(conduct_fact=""),
        reason="Biên bản họp cụm ngày 10/12",
    )


def consolidate(table: ScoringTable, assessment: SelfAssessment, code: str, points: Any) -> None:
    """The cluster leader sets a consolidated (final) score for one criterion."""
    current = assessment.final_scores.filter(criterion__code=code).first()
    final_score_save(
        actor=None,
        assessment=assessment,
        criterion=criterion(table, code),
        points=D(str(points)),
        note="Theo kết quả thẩm định",
        version=current.version if current is not None else None,
    )


def entries(ranking: Ranking) -> list[tuple[int, str, str, bool]]:
    return [
        (e.rank, e.agency_code, f"{e.total:.2f}", e.disqualified)
        for e in ranking.entries.order_by("position")
    ]


def events(action: str | None = None) -> list[str]:
    rows = AuditEvent.objects.order_by("id")
    if action is not None:
        rows = rows.filter(action=action)
    return list(rows.values_list("action", flat=True))


# --- Fixtures ---------------------------------------------------------------------------------


class Cluster:
    """Four units: A leads; B and C will tie; D will be disqualified."""

    def __init__(self, personas: Personas) -> None:
        self.a = make_agency("U-A", "Sở Công Thương tỉnh An Giang", "91")
        self.b = make_agency("U-B", "Sở Công Thương tỉnh Bạc Liêu")
        self.c = make_agency("U-C", "Sở Công Thương tỉnh Cà Mau")
        self.d = make_agency("U-D", "Sở Công Thương tỉnh Đồng Tháp")
        self.group_year = make_cluster(personas, "CUM-KQ", [self.a, self.b, self.c, self.d])
        self.table = active_table(self.group_year)

    def score_all(self) -> dict[str, SelfAssessment]:
        """A 90, B and C 80 (a tie), D 95 but disqualified."""
        done = {
            "a": give_scores(self.table, self.a, i1=40, i2=15, ii1=35),
            "b": give_scores(self.table, self.b, i1=40, i2=10, ii1=30, bonus=2, penalty=2),
            "c": give_scores(self.table, self.c, i1=35, i2=15, ii1=30),
            "d": give_scores(self.table, self.d, i1=40, i2=20, ii1=35),
        }
        disqualify(self.table, done["d"])
        return done


@pytest.fixture
def cluster(personas: Personas) -> Cluster:
    return Cluster(personas)


# --- Publication ------------------------------------------------------------------------------


def test_publication_is_refused_until_every_member_has_submitted(cluster: Cluster) -> None:
    give_scores(cluster.table, cluster.a, i1=40)
    give_scores(cluster.table, cluster.b, i1=40, submit=False)
    give_scores(cluster.table, cluster.c, i1=40)
    before = events()
    with pytest.raises(DomainError) as refused:
        ranking_publish(actor=None, table=cluster.table)
    assert "Bạc Liêu" in refused.value.message  # a draft is not submitted
    assert "Đồng Tháp" in refused.value.message  # never opened
    assert "An Giang" not in refused.value.message
    assert not Ranking.objects.exists()
    assert events() == before


def test_publication_freezes_every_member_with_one_audit_event(cluster: Cluster) -> None:
    cluster.score_all()
    before = events()
    ranking = ranking_publish(actor=None, table=cluster.table, now=PUBLISHED_AT)
    assert ranking.version == 1
    assert ranking.corrects is None
    assert ranking.published_at == PUBLISHED_AT
    assert ranking.entries.count() == 4
    assert events()[len(before) :] == [PUBLISHED]


def test_qualified_units_rank_first_by_total_equal_totals_share_a_rank_and_the_next_skips(
    cluster: Cluster,
) -> None:
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table)
    assert entries(ranking) == [
        (1, "U-A", "90.00", False),
        (2, "U-B", "80.00", False),
        (2, "U-C", "80.00", False),
        (4, "U-D", "95.00", True),  # disqualified: after every qualified unit
    ]


def test_an_entry_keeps_the_points_by_group_bonus_penalty_band_and_disqualifications(
    cluster: Cluster,
) -> None:
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table)
    b = ranking.entries.get(agency=cluster.b)
    assert b.group_points == {"I": "50.00", "II": "30.00"}
    assert (b.bonus, b.penalty, b.self_total, b.total) == (D("2"), D("2"), D("80"), D("80"))
    assert b.band == "Tốt"
    d = ranking.entries.get(agency=cluster.d)
    assert d.disqualifications == [BY_HAND]
    assert d.band == "Tốt"  # the top band is kept for qualified units


def test_publishing_twice_is_an_illegal_transition_and_writes_nothing(cluster: Cluster) -> None:
    cluster.score_all()
    ranking_publish(actor=None, table=cluster.table)
    before = events()
    with pytest.raises(IllegalTransition):
        ranking_publish(actor=None, table=cluster.table)
    assert Ranking.objects.count() == 1
    assert events() == before


def test_published_entries_do_not_change_when_scores_change_later(cluster: Cluster) -> None:
    assessments = cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table)
    frozen = entries(ranking)
    consolidate(cluster.table, assessments["c"], "II.1", 40)  # C: 80 → 90
    assert entries(Ranking.objects.get(pk=ranking.pk)) == frozen
    assert latest_ranking(cluster.group_year) == ranking


# --- Correction -------------------------------------------------------------------------------


def test_a_correction_needs_a_reason_and_writes_nothing_without_one(cluster: Cluster) -> None:
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table)
    before = events()
    with pytest.raises(DomainError) as refused:
        ranking_correct(actor=None, ranking=ranking, reason="   ")
    assert refused.value.field == "reason"
    assert Ranking.objects.count() == 1
    assert events() == before


def test_a_correction_is_a_new_version_from_the_scores_now_that_links_to_the_previous_one(
    cluster: Cluster, personas: Personas
) -> None:
    assessments = cluster.score_all()
    first = ranking_publish(actor=None, table=cluster.table)
    consolidate(cluster.table, assessments["c"], "II.1", 40)  # C: 80 → 90, level with A
    before = events()
    second = ranking_correct(
        actor=personas.system_admin, ranking=first, reason="  Sửa điểm II.1 của Cà Mau  "
    )
    assert (second.version, second.corrects, second.correction_reason) == (
        2,
        first,
        "Sửa điểm II.1 của Cà Mau",
    )
    assert second.published_by == personas.system_admin
    assert entries(second) == [
        (1, "U-A", "90.00", False),
        (1, "U-C", "90.00", False),
        (3, "U-B", "80.00", False),
        (4, "U-D", "95.00", True),
    ]
    assert entries(first)[2] == (2, "U-C", "80.00", False)  # the first version is unchanged
    assert events()[len(before) :] == [CORRECTED]
    assert latest_ranking(cluster.group_year) == second


def test_only_the_latest_version_may_be_corrected(cluster: Cluster) -> None:
    cluster.score_all()
    first = ranking_publish(actor=None, table=cluster.table)
    ranking_correct(actor=None, ranking=first, reason="Lần một")
    with pytest.raises(IllegalTransition):
        ranking_correct(actor=None, ranking=first, reason="Lần hai")
    assert Ranking.objects.count() == 2


def test_an_entry_keeps_the_name_the_unit_had_that_year(cluster: Cluster) -> None:
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table)
    Agency.objects.filter(pk=cluster.b.pk).update(name="Sở Công Thương tỉnh Cà Mau (mới)")
    entry = RankingEntry.objects.get(ranking=ranking, agency=cluster.b)
    assert entry.agency_name == "Sở Công Thương tỉnh Bạc Liêu"


# --- The report as a document -----------------------------------------------------------------


def test_the_report_is_the_leading_units_report_with_the_result_table(
    cluster: Cluster,
) -> None:
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table, now=PUBLISHED_AT)
    document = results_document(ranking)
    assert document.doc_type == "BÁO CÁO"
    assert document.issuing_body == "Sở Công Thương tỉnh An Giang"
    assert document.summary_lines == (
        "Kết quả chấm điểm, xếp hạng thi đua năm 2026",
        "của Cụm thi đua CUM-KQ",
    )
    assert document.place_and_date_line == "An Giang, ngày 15 tháng 01 năm 2027"
    table = next(block for block in document.body if isinstance(block, Table))
    assert table.header == ("STT", "Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại", "Ghi chú")
    assert table.rows == (
        ("1", "Sở Công Thương tỉnh An Giang", "90,00", "1", "Xuất sắc", ""),
        ("2", "Sở Công Thương tỉnh Bạc Liêu", "80,00", "2", "Tốt", ""),
        ("3", "Sở Công Thương tỉnh Cà Mau", "80,00", "2", "Tốt", ""),
        ("4", "Sở Công Thương tỉnh Đồng Tháp", "95,00", "4", "Tốt", f"Điểm liệt: {BY_HAND}"),
    )
    (signature,) = document.signatures
    assert signature.heading_lines()[:2] == ("TM. CỤM THI ĐUA", "CỤM TRƯỞNG")
    assert document.recipients[-1] == "- Lưu: VT."


def test_the_report_is_signed_by_the_head_of_the_leading_unit_when_known(
    cluster: Cluster,
) -> None:
    person = person_create(
        actor=None, values=PersonValues(code="P-1", full_name="Nguyễn Minh Hùng")
    )
    position_add(
        actor=None, person=person, agency=cluster.a, title="Giám đốc", from_date=dt.date(2020, 1, 1)
    )
    cluster.score_all()
    ranking = ranking_publish(actor=None, table=cluster.table, now=PUBLISHED_AT)
    (signature,) = results_document(ranking).signatures
    assert signature.name == "Nguyễn Minh Hùng"
    assert signature.heading_lines()[-1] == "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH AN GIANG"


def test_the_report_of_a_correction_says_what_it_corrects_and_why(cluster: Cluster) -> None:
    cluster.score_all()
    first = ranking_publish(actor=None, table=cluster.table, now=PUBLISHED_AT)
    second = ranking_correct(actor=None, ranking=first, reason="Sửa điểm của Cà Mau")
    texts = [getattr(block, "text", "") for block in results_document(second).body]
    assert "(Đính chính kết quả công bố lần 1 ngày 15/01/2027)" in texts
    assert "Lý do đính chính: Sửa điểm của Cà Mau" in texts
