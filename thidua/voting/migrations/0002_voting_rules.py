"""Rule data: the voting rules of a cluster's year-end vote and of the emulation councils
(DOMAIN.md §3, §6). Fractions are integers (numerator, denominator), compared exactly.

* Cluster (practice [P]; a cluster whose rules of operation differ gets a new dated version):
  valid with at least 2/3 of the members present; a nominee needs more than 1/2 of all member
  units; no vote for one's own unit; a tie at the last seat goes to a run-off.
* Council, CSTĐ toàn quốc and CSTĐ bộ: at least 90 % of the council's total membership (absent
  members vote in writing), the session needs at least 80 % present; the chair decides a tie.
* Council, CSTĐ cơ sở, Cờ thi đua bộ and Cờ thi đua Chính phủ: at least 80 % of the total
  membership, at least 80 % present; the chair decides a tie.

Decree 98/2023 Art. 30(7) is the basis of the council thresholds; whether Decree 152/2025 kept
them is not settled [?], so the council rules carry that note and stay correctable as data.
"""

import datetime as dt

from django.db import migrations

IN_FORCE = dt.date(2024, 1, 1)
COUNCIL_BASIS = (
    "Nghị định số 98/2023/NĐ-CP, Điều 30 khoản 7: tỉ lệ tính trên tổng số thành viên Hội đồng, "
    "thành viên vắng mặt cho ý kiến bằng văn bản; phiên họp xét khen thưởng cần ít nhất 80 % "
    "thành viên có mặt. Nghị định số 152/2025/NĐ-CP (từ 01/07/2025) có giữ quy định này hay "
    "không: cần đối chiếu; quản trị hệ thống bổ sung phiên bản mới nếu khác."
)

RULES = [
    {
        "code": "cum-thi-dua",
        "name": "Bình xét của khối, cụm thi đua (mặc định)",
        "legal_basis": (
            "Thực tiễn quy chế hoạt động của các khối, cụm thi đua: mỗi đơn vị thành viên một "
            "phiếu; hội nghị hợp lệ khi có ít nhất 2/3 thành viên; đơn vị được đề nghị phải "
            "được trên 50 % tổng số đơn vị thành viên đồng ý; không bỏ phiếu cho đơn vị mình; "
            "bằng phiếu thì bỏ phiếu lại. Khối, cụm có quy chế khác thì bổ sung phiên bản mới."
        ),
        "body": "cluster",
        "award_codes": [],
        "quorum_num": 2,
        "quorum_den": 3,
        "pass_num": 1,
        "pass_den": 2,
        "pass_base": "all_voters",
        "pass_strict": True,
        "self_vote_allowed": False,
        "tie_policy": "runoff",
        "disclosure_group_size": 10,
    },
    {
        "code": "hoi-dong-cstd-cao",
        "name": "Hội đồng Thi đua – Khen thưởng: Chiến sĩ thi đua toàn quốc, cấp bộ",
        "legal_basis": COUNCIL_BASIS + " Chiến sĩ thi đua toàn quốc, cấp bộ: từ 90 % trở lên.",
        "body": "council",
        "award_codes": ["chien_si_thi_dua_toan_quoc", "chien_si_thi_dua_bo"],
        "quorum_num": 4,
        "quorum_den": 5,
        "pass_num": 9,
        "pass_den": 10,
        "pass_base": "all_voters",
        "pass_strict": False,
        "self_vote_allowed": True,
        "tie_policy": "chair",
        "disclosure_group_size": 10,
    },
    {
        "code": "hoi-dong-80",
        "name": "Hội đồng Thi đua – Khen thưởng: Chiến sĩ thi đua cơ sở, Cờ thi đua",
        "legal_basis": COUNCIL_BASIS
        + " Chiến sĩ thi đua cơ sở, Cờ thi đua của bộ, Cờ thi đua của Chính phủ: từ 80 % trở lên.",
        "body": "council",
        "award_codes": ["chien_si_thi_dua_co_so", "co_thi_dua_bo", "co_thi_dua_chinh_phu"],
        "quorum_num": 4,
        "quorum_den": 5,
        "pass_num": 4,
        "pass_den": 5,
        "pass_base": "all_voters",
        "pass_strict": False,
        "self_vote_allowed": True,
        "tie_policy": "chair",
        "disclosure_group_size": 10,
    },
]


def add_rules(apps, schema_editor):
    VotingRule = apps.get_model("voting", "VotingRule")
    for rule in RULES:
        values = dict(rule)
        VotingRule.objects.update_or_create(
            code=values.pop("code"), valid_from=IN_FORCE, defaults=values
        )


def remove_rules(apps, schema_editor):
    apps.get_model("voting", "VotingRule").objects.filter(
        code__in=[rule["code"] for rule in RULES], valid_from=IN_FORCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_ballot_sessions")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
