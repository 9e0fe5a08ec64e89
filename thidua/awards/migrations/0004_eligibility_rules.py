"""Rule data: the conditions of every title and form of the catalogue (DOMAIN.md §5).

Two dated versions with the same conditions: under Decree 98/2023/NĐ-CP from 01/01/2024 and
under Decree 152/2025/NĐ-CP, which replaced it, from 01/07/2025. Both read a merged agency's
predecessors under the ``review`` policy and count only regular-merit (``cong_trang``) awards
toward higher ones. Conditions marked "(cách hiểu của thidua)" are the project's reading of a
rule the law leaves open; a system administrator corrects them by adding a new version.
"""

import datetime as dt

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
OPEN = " (cách hiểu của thidua, cần đối chiếu)"

CHAIN_RATINGS = ["rating:httnv", "rating:htxsnv"]
COMPLETED = ["rating:htnv", "rating:httnv", "rating:htxsnv"]
PERSON, COLLECTIVE = "person", "collective"


def blocker():
    return (
        "blocker",
        "Không đang trong thời gian bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra, "
        "giải quyết khiếu nại, tố cáo tại ngày xét",
        "checked",
        "no_open_blocker",
        {},
        "",
    )


def discipline_in_year():
    return (
        "discipline_in_year",
        "Không bị kỷ luật từ hình thức cảnh cáo trở lên trong năm xét",
        "checked",
        "no_discipline_in_year",
        {"min_level": "canh_cao"},
        "",
    )


def not_granted():
    """A title is given once for a year (one achievement is rewarded once)."""
    return (
        "not_granted",
        "Chưa được tặng danh hiệu này cho năm xét",
        "checked",
        "not_already_granted",
        {},
        "",
    )


def attested(rule_id, label, basis=""):
    return (rule_id, label, "attested", "attested", {}, basis)


# award code → recipient type → conditions: (rule_id, label, kind, test, params, basis suffix)
CONDITIONS = {
    "lao_dong_tien_tien": {
        PERSON: [
            blocker(),
            not_granted(),
            discipline_in_year(),
            (
                "rating",
                "Được xếp loại Hoàn thành tốt nhiệm vụ trở lên trong năm xét",
                "checked",
                "facts_in_years",
                {"offsets": [0], "facts": CHAIN_RATINGS},
                "",
            ),
        ]
    },
    "chien_si_thi_dua_co_so": {
        PERSON: [
            blocker(),
            not_granted(),
            discipline_in_year(),
            (
                "lao_dong_tien_tien",
                "Đạt danh hiệu Lao động tiên tiến trong năm xét",
                "checked",
                "facts_in_years",
                {"offsets": [0], "facts": ["award:lao_dong_tien_tien"]},
                "",
            ),
            (
                "excellence",
                "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận trong năm xét",
                "checked",
                "any_of",
                {
                    "options": [
                        {
                            "label": "Hoàn thành xuất sắc nhiệm vụ trong năm xét",
                            "all": [
                                {
                                    "test": "facts_in_years",
                                    "params": {"offsets": [0], "facts": ["rating:htxsnv"]},
                                }
                            ],
                        },
                        {
                            "label": "Có sáng kiến được công nhận trong năm xét",
                            "all": [
                                {
                                    "test": "initiatives",
                                    "params": {
                                        "offsets": [0],
                                        "scopes": ["co_so", "bo", "toan_quoc"],
                                        "min_count": 1,
                                    },
                                }
                            ],
                        },
                    ]
                },
                "",
            ),
            attested("council", "Hội đồng Thi đua – Khen thưởng cơ sở bỏ phiếu đạt từ 80 % trở lên"),
        ]
    },
    "chien_si_thi_dua_bo": {
        PERSON: [
            blocker(),
            not_granted(),
            discipline_in_year(),
            (
                "chain",
                "Ba lần liên tục đạt Chiến sĩ thi đua cơ sở (năm xét và hai năm liền trước), "
                "chưa dùng để xét Chiến sĩ thi đua bộ, ngành, tỉnh",
                "checked",
                "facts_in_years",
                {
                    "offsets": [-2, -1, 0],
                    "facts": ["award:chien_si_thi_dua_co_so"],
                    "reuse_after": "chien_si_thi_dua_bo",
                },
                "",
            ),
            (
                "initiative",
                "Có sáng kiến được công nhận phạm vi bộ, ngành, tỉnh trở lên trong ba năm đó",
                "checked",
                "initiatives",
                {"offsets": [-2, -1, 0], "scopes": ["bo", "toan_quoc"], "min_count": 1},
                "",
            ),
            attested("council", "Hội đồng Thi đua – Khen thưởng bỏ phiếu đạt từ 90 % trở lên"),
        ]
    },
    "chien_si_thi_dua_toan_quoc": {
        PERSON: [
            blocker(),
            not_granted(),
            discipline_in_year(),
            (
                "chain",
                "Hai lần liên tục đạt Chiến sĩ thi đua bộ, ngành, tỉnh (năm xét và năm cuối của "
                "chu kỳ ba năm liền trước)",
                "checked",
                "facts_in_years",
                {
                    "offsets": [-3, 0],
                    "facts": ["award:chien_si_thi_dua_bo"],
                    "reuse_after": "chien_si_thi_dua_toan_quoc",
                },
                OPEN,
            ),
            (
                "initiative",
                "Có sáng kiến được công nhận phạm vi toàn quốc trong sáu năm đó",
                "checked",
                "initiatives",
                {"offsets": [-5, -4, -3, -2, -1, 0], "scopes": ["toan_quoc"], "min_count": 1},
                OPEN,
            ),
            attested("council", "Hội đồng Thi đua – Khen thưởng bỏ phiếu đạt từ 90 % trở lên"),
        ]
    },
    "tap_the_lao_dong_tien_tien": {
        COLLECTIVE: [
            blocker(),
            not_granted(),
            (
                "rating",
                "Tập thể được xếp loại Hoàn thành tốt nhiệm vụ trở lên trong năm xét",
                "checked",
                "facts_in_years",
                {"offsets": [0], "facts": CHAIN_RATINGS},
                "",
            ),
            (
                "members_lao_dong_tien_tien",
                "Ít nhất 70 % thành viên đạt Lao động tiên tiến trong năm xét",
                "checked",
                "member_share",
                {"facts": ["award:lao_dong_tien_tien"], "min_percent": 70},
                "",
            ),
            (
                "members_discipline",
                "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên trong năm xét",
                "checked",
                "members_no_discipline",
                {"min_level": "canh_cao"},
                "",
            ),
        ]
    },
    "tap_the_lao_dong_xuat_sac": {
        COLLECTIVE: [
            blocker(),
            not_granted(),
            (
                "rating",
                "Tập thể được xếp loại Hoàn thành xuất sắc nhiệm vụ trong năm xét",
                "checked",
                "facts_in_years",
                {"offsets": [0], "facts": ["rating:htxsnv"]},
                "",
            ),
            (
                "members_completed",
                "100 % thành viên được xếp loại Hoàn thành nhiệm vụ trở lên",
                "checked",
                "member_share",
                {"facts": COMPLETED, "min_percent": 100},
                "",
            ),
            (
                "members_lao_dong_tien_tien",
                "Ít nhất 70 % thành viên đạt Lao động tiên tiến",
                "checked",
                "member_share",
                {"facts": ["award:lao_dong_tien_tien"], "min_percent": 70},
                "",
            ),
            (
                "members_chien_si_thi_dua_co_so",
                "Có cá nhân đạt Chiến sĩ thi đua cơ sở",
                "checked",
                "member_count",
                {"facts": ["award:chien_si_thi_dua_co_so"], "min_count": 1},
                "",
            ),
            (
                "members_discipline",
                "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên",
                "checked",
                "members_no_discipline",
                {"min_level": "canh_cao"},
                OPEN,
            ),
        ]
    },
    "co_thi_dua_bo": {
        COLLECTIVE: [
            blocker(),
            not_granted(),
            (
                "leading_unit",
                "Dẫn đầu khối, cụm thi đua do bộ tổ chức trong năm xét (xếp thứ nhất trong "
                "kết quả đã công bố)",
                "checked",
                "leading_unit",
                {},
                "",
            ),
            attested(
                "cluster_vote",
                "Được khối, cụm thi đua bình xét, suy tôn (hoặc dẫn đầu phong trào thi đua "
                "theo chuyên đề từ 3 năm trở lên khi sơ kết, tổng kết)",
            ),
            attested("council", "Hội đồng Thi đua – Khen thưởng bỏ phiếu đạt từ 80 % trở lên"),
        ]
    },
    "co_thi_dua_chinh_phu": {
        COLLECTIVE: [
            blocker(),
            not_granted(),
            (
                "co_thi_dua_bo",
                "Được tặng Cờ thi đua của bộ, ban, ngành, tỉnh cho năm xét",
                "checked",
                "facts_in_years",
                {"offsets": [0], "facts": ["award:co_thi_dua_bo"]},
                OPEN,
            ),
            attested(
                "selection",
                "Được lựa chọn trong số các tập thể dẫn đầu (khoảng 20 % số tập thể được tặng "
                "Cờ thi đua của bộ)",
                OPEN,
            ),
            attested("council", "Hội đồng Thi đua – Khen thưởng bỏ phiếu đạt từ 80 % trở lên"),
        ]
    },
    "bang_khen_bo": {
        PERSON: [
            blocker(),
            discipline_in_year(),
            (
                "achievements",
                "Hai năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc hai năm liên tục hoàn thành "
                "xuất sắc nhiệm vụ với ít nhất 2 sáng kiến được công nhận",
                "checked",
                "any_of",
                {
                    "options": [
                        {
                            "label": "Chiến sĩ thi đua cơ sở năm xét và năm liền trước",
                            "all": [
                                {
                                    "test": "facts_in_years",
                                    "params": {
                                        "offsets": [-1, 0],
                                        "facts": ["award:chien_si_thi_dua_co_so"],
                                        "reuse_after": "bang_khen_bo",
                                    },
                                }
                            ],
                        },
                        {
                            "label": "Hoàn thành xuất sắc nhiệm vụ năm xét và năm liền trước, "
                            "với ít nhất 2 sáng kiến được công nhận trong hai năm đó",
                            "all": [
                                {
                                    "test": "facts_in_years",
                                    "params": {
                                        "offsets": [-1, 0],
                                        "facts": ["rating:htxsnv"],
                                        "reuse_after": "bang_khen_bo",
                                    },
                                },
                                {
                                    "test": "initiatives",
                                    "params": {
                                        "offsets": [-1, 0],
                                        "scopes": ["co_so", "bo", "toan_quoc"],
                                        "min_count": 2,
                                    },
                                },
                            ],
                        },
                    ]
                },
                "",
            ),
        ],
        COLLECTIVE: [
            blocker(),
            (
                "achievements",
                "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc",
                "checked",
                "facts_in_years",
                {
                    "offsets": [-1, 0],
                    "facts": ["rating:htxsnv", "award:tap_the_lao_dong_xuat_sac"],
                    "reuse_after": "bang_khen_bo",
                },
                "",
            ),
        ],
    },
    "bang_khen_thu_tuong": {
        PERSON: [
            blocker(),
            discipline_in_year(),
            (
                "prior_bang_khen_bo",
                "Đã được tặng Bằng khen của bộ, ban, ngành, tỉnh trước thời gian xét",
                "checked",
                "award_before",
                {"award": "bang_khen_bo", "max_offset": -5},
                OPEN,
            ),
            (
                "chain",
                "Năm năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm xét",
                "checked",
                "facts_in_years",
                {
                    "offsets": [-4, -3, -2, -1, 0],
                    "facts": ["rating:htxsnv"],
                    "reuse_after": "bang_khen_thu_tuong",
                },
                OPEN,
            ),
            (
                "initiatives",
                "Có 5 sáng kiến được công nhận trong năm năm đó",
                "checked",
                "initiatives",
                {
                    "offsets": [-4, -3, -2, -1, 0],
                    "scopes": ["co_so", "bo", "toan_quoc"],
                    "min_count": 5,
                },
                OPEN,
            ),
        ],
        COLLECTIVE: [
            blocker(),
            (
                "prior_bang_khen_bo",
                "Đã được tặng Bằng khen của bộ, ban, ngành, tỉnh trước thời gian xét",
                "checked",
                "award_before",
                {"award": "bang_khen_bo", "max_offset": -5},
                OPEN,
            ),
            (
                "chain",
                "Năm năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất "
                "sắc đến năm xét",
                "checked",
                "facts_in_years",
                {
                    "offsets": [-4, -3, -2, -1, 0],
                    "facts": ["rating:htxsnv", "award:tap_the_lao_dong_xuat_sac"],
                    "reuse_after": "bang_khen_thu_tuong",
                },
                OPEN,
            ),
            (
                "flags",
                "Trong năm năm đó có 1 lần được tặng Cờ thi đua của bộ hoặc 2 lần Bằng khen "
                "của bộ, ban, ngành, tỉnh",
                "checked",
                "awards_count",
                {
                    "offsets": [-4, -3, -2, -1, 0],
                    "options": [
                        {"award": "co_thi_dua_bo", "min_count": 1},
                        {"award": "bang_khen_bo", "min_count": 2},
                    ],
                },
                OPEN,
            ),
        ],
    },
    "giay_khen": {
        PERSON: [
            blocker(),
            discipline_in_year(),
            attested(
                "achievement",
                "Chấp hành tốt pháp luật, hoàn thành tốt nhiệm vụ và có thành tích trong lĩnh "
                "vực của đơn vị",
            ),
        ],
        COLLECTIVE: [
            blocker(),
            attested(
                "achievement",
                "Chấp hành tốt pháp luật, hoàn thành tốt nhiệm vụ và có thành tích trong lĩnh "
                "vực của đơn vị",
            ),
        ],
    },
}

VERSIONS = [
    (
        "nd98-2024",
        "Tiêu chuẩn theo Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
        f"{LAW}; Nghị định số 98/2023/NĐ-CP",
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
    ),
    (
        "nd152-2025",
        "Tiêu chuẩn theo Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP",
        f"{LAW}; Nghị định số 152/2025/NĐ-CP",
        dt.date(2025, 7, 1),
        None,
    ),
]


def add_rules(apps, schema_editor):
    RuleSet = apps.get_model("awards", "EligibilityRuleSet")
    Condition = apps.get_model("awards", "EligibilityCondition")
    AwardTitle = apps.get_model("awards", "AwardTitle")
    awards = {award.code: award for award in AwardTitle.objects.all()}
    for code, name, basis, valid_from, valid_to in VERSIONS:
        rule_set = RuleSet.objects.create(
            code=code,
            name=name,
            legal_basis=basis,
            valid_from=valid_from,
            valid_to=valid_to,
            continuity_policy="review",
            counted_award_types=["cong_trang"],
        )
        Condition.objects.bulk_create(
            Condition(
                rule_set=rule_set,
                award=awards[award_code],
                recipient_type=recipient_type,
                position=position,
                rule_id=rule_id,
                label=label,
                kind=kind,
                test=test,
                params=params,
                legal_basis=f"{basis}{suffix}",
            )
            for award_code, by_type in CONDITIONS.items()
            for recipient_type, conditions in by_type.items()
            for position, (rule_id, label, kind, test, params, suffix) in enumerate(conditions)
        )


def remove_rules(apps, schema_editor):
    apps.get_model("awards", "EligibilityRuleSet").objects.filter(
        code__in=[version[0] for version in VERSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_eligibility_rules_checks_and_record_search_key")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
