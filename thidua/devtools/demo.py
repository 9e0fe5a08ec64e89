"""The demo data set: cluster XI of the Industry and Trade sector and the 2025 mergers.

Facts come from the 2023 news item on cluster XI's covenant signing and from Resolution
202/2025/QH15. Anything else (codes, people other than the one named in the news item, dates of
positions) is made up for the demo and is marked so in the records' notes.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from thidua.accounts.choices import Role
from thidua.accounts.models import User
from thidua.accounts.services import membership_grant, user_create
from thidua.organizations.choices import AgencyKind
from thidua.organizations.models import Agency, LineageEvent, Person, Position, Province
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)

DEMO_PASSWORD = "thidua-demo"
DEMO_NOTE = "Dữ liệu mẫu: không có thật."
REFORM_DAY = dt.date(2025, 7, 1)
MERGER_NOTE = (
    "Theo Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh. "
    "Số quyết định thành lập sở mới chưa có trong dữ liệu mẫu."
)

# code, province name as written in the department's name, province code, city?
OLD_DEPARTMENTS = [
    ("SCT-AG", "tỉnh An Giang", "89"),
    ("SCT-KG", "tỉnh Kiên Giang", "91"),
    ("SCT-CT", "thành phố Cần Thơ", "92"),
    ("SCT-HG", "tỉnh Hậu Giang", "93"),
    ("SCT-ST", "tỉnh Sóc Trăng", "94"),
    ("SCT-BL", "tỉnh Bạc Liêu", "95"),
    ("SCT-CM", "tỉnh Cà Mau", "96"),
    ("SCT-VL", "tỉnh Vĩnh Long", "86"),
    ("SCT-BT", "tỉnh Bến Tre", "83"),
    ("SCT-TV", "tỉnh Trà Vinh", "84"),
    ("SCT-DT", "tỉnh Đồng Tháp", "87"),
    ("SCT-TG", "tỉnh Tiền Giang", "82"),
    ("SCT-LA", "tỉnh Long An", "80"),
    ("SCT-TN", "tỉnh Tây Ninh", "72"),
]
# new code, name, new province code, predecessors
NEW_DEPARTMENTS = [
    ("SCT-AG-2025", "tỉnh An Giang", "91", ["SCT-AG", "SCT-KG"]),
    ("SCT-CT-2025", "thành phố Cần Thơ", "92", ["SCT-CT", "SCT-HG", "SCT-ST"]),
    ("SCT-CM-2025", "tỉnh Cà Mau", "96", ["SCT-CM", "SCT-BL"]),
    ("SCT-VL-2025", "tỉnh Vĩnh Long", "86", ["SCT-VL", "SCT-BT", "SCT-TV"]),
    ("SCT-DT-2025", "tỉnh Đồng Tháp", "82", ["SCT-DT", "SCT-TG"]),
    ("SCT-TN-2025", "tỉnh Tây Ninh", "80", ["SCT-TN", "SCT-LA"]),
]
CLUSTER_XI_2023 = ["SCT-AG", "SCT-CT", "SCT-HG", "SCT-BL", "SCT-CM", "SCT-KG"]

# username, full name, role, agency code
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống (mẫu)", Role.SYSTEM_ADMIN, None),
    ("bocongthuong", "Cán bộ thi đua Bộ Công Thương (mẫu)", Role.MINISTRY_OFFICER, "BCT"),
    ("hoidong", "Thành viên Hội đồng TĐKT (mẫu)", Role.COUNCIL_MEMBER, "BCT"),
    ("xem", "Người xem (mẫu)", Role.VIEWER, "BCT"),
    (
        "canbo.angiang",
        "Cán bộ thi đua Sở Công Thương An Giang (mẫu)",
        Role.AGENCY_OFFICER,
        "SCT-AG-2025",
    ),
    (
        "lanhdao.angiang",
        "Lãnh đạo Sở Công Thương An Giang (mẫu)",
        Role.AGENCY_LEADER,
        "SCT-AG-2025",
    ),
    (
        "canbo.camau",
        "Cán bộ thi đua Sở Công Thương Cà Mau (mẫu)",
        Role.AGENCY_OFFICER,
        "SCT-CM-2025",
    ),
]

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 2 + ["Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
MIDDLE_M = ["Văn", "Minh", "Hữu", "Quốc", "Thanh", "Đức"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ"]
GIVEN_M = ["Hùng", "Dũng", "Phúc", "Tâm", "Khang", "Lộc", "Trí", "Hải", "Sơn", "Toàn"]
GIVEN_F = ["Lan", "Hương", "Trang", "Ngân", "Thảo", "Diễm", "Hạnh", "Yến", "Vy", "Nhung"]
TITLES = [
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên",
    "Chuyên viên",
    "Chuyên viên chính",
]


def _province(code: str, day: dt.date) -> Province:
    for province in Province.objects.filter(code=code):
        if province.is_valid_on(day):
            return province
    raise LookupError(code)


def _agency(
    code: str, name: str, kind: str, province: Province | None, valid_from: dt.date | None = None
) -> Agency:
    existing = Agency.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=name,
            short_name="",
            kind=kind,
            province=province,
            parent=None,
            valid_from=valid_from,
            valid_to=None,
            note=DEMO_NOTE if "-2025" in code else "",
        ),
    )


def _person(code: str, full_name: str, gender: str, birth_year: int, note: str) -> Person:
    existing = Person.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return person_create(
        actor=None,
        values=PersonValues(
            code=code, full_name=full_name, gender=gender, birth_year=birth_year, note=note
        ),
    )


def _position(
    person: Person, agency: Agency, title: str, start: dt.date, end: dt.date | None
) -> None:
    if not Position.objects.filter(person=person, agency=agency, from_date=start).exists():
        position_add(
            actor=None, person=person, agency=agency, title=title, from_date=start, to_date=end
        )


CLUSTER_XI_NAME = "Cụm thi đua các tỉnh đồng bằng sông Cửu Long 2 (Cụm XI)"
COVENANT_THEME = "Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả"
DECISION_DAY = dt.date(2023, 2, 17)


def _seed_cluster_xi(ministry: Agency) -> None:
    """Cluster XI in 2023 as the ministry's decisions set it, copied year by year to 2026."""
    from thidua.emulation.models import Decision, GroupYear
    from thidua.emulation.services import (
        GroupYearValues,
        decision_record,
        group_year_copy,
        group_year_create,
        group_year_update,
        movement_create,
        rotation_confirm,
        rotation_propose,
    )

    def decision(number: str, summary: str) -> Decision:
        found = Decision.objects.filter(issuer=ministry, year=2023, number=number).first()
        return found or decision_record(
            actor=None, number=number, issued_on=DECISION_DAY, issuer=ministry, summary=summary
        )

    grouping = decision(
        "309/QĐ-BCT",
        "Về việc phân chia Khối, Cụm thi đua của ngành Công Thương năm 2023",
    )
    leadership = decision(
        "310/QĐ-BCT",
        "Về việc công nhận Khối trưởng, Khối phó, Cụm trưởng, Cụm phó năm 2023 các Khối, "
        "Cụm thi đua của ngành Công Thương",
    )
    first = GroupYear.objects.filter(group__code="CUM-XI", year=2023).first()
    if first is None:
        members = [Agency.objects.get(code=code) for code in CLUSTER_XI_2023]
        first = group_year_create(
            actor=None,
            organiser=ministry,
            code="CUM-XI",
            name=CLUSTER_XI_NAME,
            kind="cluster",
            values=GroupYearValues(
                year=2023,
                members=members,
                leader=Agency.objects.get(code="SCT-CT"),
                deputy=Agency.objects.get(code="SCT-AG"),
                decision=grouping,
                leadership_decision=leadership,
                note="Thành viên theo tin ký kết giao ước ngày 10/05/2023. Cụm trưởng, cụm phó "
                "và thứ tự luân phiên là giá trị mẫu (nguồn tin không nêu).",
            ),
        )
        movement_create(
            actor=None,
            name="Phong trào thi đua yêu nước ngành Công Thương năm 2023 (mẫu)",
            kind="regular",
            organiser=ministry,
            starts_on=dt.date(2023, 1, 1),
            ends_on=dt.date(2023, 12, 31),
            theme="Thi đua là yêu nước, yêu nước thì phải thi đua",
            targets="Thực hiện thắng lợi các nhiệm vụ giao cho ngành Công Thương tại Nghị quyết "
            "số 01/NQ-CP ngày 06/01/2023 của Chính phủ. Dữ liệu mẫu: tên phong trào không có "
            "trong nguồn tin.",
            groups=[first.group],
        )
    current = first
    for _year in range(2023, 2026):
        following = GroupYear.objects.filter(group=current.group, year=current.year + 1).first()
        if following is None:
            if not hasattr(current, "rotation"):
                rotation_propose(actor=None, group_year=current)
                rotation_confirm(actor=None, group_year=current)
            following = group_year_copy(actor=None, group_year=current).group_year
            if following.year == 2026:  # the merged deputy became the leader: pick a deputy
                members = [m.agency for m in following.members.order_by("rotation_order")]
                leader = next(m.agency for m in following.members.filter(role="leader"))
                group_year_update(
                    actor=None,
                    group_year=following,
                    values=GroupYearValues(
                        year=2026,
                        members=members,
                        leader=leader,
                        deputy=next(a for a in members if a != leader),
                        note="Cụm trưởng, cụm phó năm 2026 là giá trị mẫu.",
                    ),
                )
        current = following


def _seed_scoring_table() -> None:
    """Cluster XI's 2023 scoring table: the default table, put into use and carried through
    to a published ranking (``demo_scoring``)."""
    from thidua.emulation.models import GroupYear
    from thidua.scoring.choices import TableStatus
    from thidua.scoring.models import ScoringTable
    from thidua.scoring.services import scoring_table_activate, scoring_table_create_default

    group_year = GroupYear.objects.get(group__code="CUM-XI", year=2023)
    table = ScoringTable.objects.filter(group_year=group_year).first()
    if table is None:
        table = scoring_table_create_default(actor=None, group_year=group_year)
    if table.status == TableStatus.DRAFT:
        scoring_table_activate(actor=None, table=table)

    from thidua.devtools.demo_scoring import seed_demo_scoring

    seed_demo_scoring()  # self-assessments, cross-review and the published 2023 ranking


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create (or leave as they are) the demo agencies, lineage, people and users."""
    ministry = _agency("BCT", "Bộ Công Thương", AgencyKind.MINISTRY, None)
    before = dt.date(2023, 1, 1)
    for code, place, province_code in OLD_DEPARTMENTS:
        _agency(
            code,
            f"Sở Công Thương {place}",
            AgencyKind.PROVINCIAL_DEPARTMENT,
            _province(province_code, before),
        )
    for code, place, province_code, predecessors in NEW_DEPARTMENTS:
        successor = _agency(
            code,
            f"Sở Công Thương {place}",
            AgencyKind.PROVINCIAL_DEPARTMENT,
            _province(province_code, REFORM_DAY),
            REFORM_DAY,
        )
        preds = list(Agency.objects.filter(code__in=predecessors).order_by("code"))
        identity = LineageEvent.make_identity("merge", REFORM_DAY, predecessors, [code])
        if not LineageEvent.objects.filter(identity=identity).exists():
            lineage_event_record(
                actor=None,
                kind="merge",
                date=REFORM_DAY,
                predecessors=preds,
                successors=[successor],
                note=MERGER_NOTE,
            )

    hung = _person(
        "CN-0001",
        "Nguyễn Minh Hùng",
        "nam",
        1970,
        "Giám đốc Sở Công Thương tỉnh An Giang, ký giao ước thi đua Cụm XI ngày "
        "10/05/2023 tại Cần Thơ. Năm sinh và thời gian giữ chức vụ là giá trị mẫu.",
    )
    _position(
        hung,
        Agency.objects.get(code="SCT-AG"),
        "Giám đốc",
        dt.date(2023, 1, 1),
        REFORM_DAY - dt.timedelta(days=1),
    )

    rng = random.Random(2023)
    successor_of = {p: new for new, _n, _c, preds in NEW_DEPARTMENTS for p in preds}
    number = 2
    for code, _place, _province_code in OLD_DEPARTMENTS:
        for _ in range(4 if code in CLUSTER_XI_2023 else 2):
            female = rng.random() < 0.5
            name = " ".join(
                [
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                ]
            )
            person = _person(
                f"CN-{number:04d}",
                name,
                "nu" if female else "nam",
                rng.randint(1968, 1996),
                DEMO_NOTE,
            )
            number += 1
            title = rng.choice(TITLES)
            start = dt.date(rng.randint(2012, 2022), rng.choice([1, 4, 7, 10]), 1)
            _position(
                person,
                Agency.objects.get(code=code),
                title,
                start,
                REFORM_DAY - dt.timedelta(days=1),
            )
            _position(person, Agency.objects.get(code=successor_of[code]), title, REFORM_DAY, None)

    for username, full_name, role, agency_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None, username=username, password=DEMO_PASSWORD, full_name=full_name
            )
        agency = Agency.objects.get(code=agency_code) if agency_code else None
        if not user.memberships.filter(role=role, agency=agency).exists():
            membership_grant(actor=None, user=user, role=role, agency=agency)
    _seed_cluster_xi(ministry)
    _seed_scoring_table()
    return {
        "agencies": Agency.objects.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
    }
