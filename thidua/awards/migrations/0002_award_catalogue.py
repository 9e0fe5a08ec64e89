"""Reference data: the eleven titles and forms of the award catalogue (DOMAIN.md §4).

Basis: Law on Emulation and Commendation 06/2022/QH15 (in force 01/01/2024) and Decree
152/2025/NĐ-CP (from 01/07/2025, replacing Decree 98/2023/NĐ-CP). The entries carry no
conditions of eligibility: those come as dated rule data with the eligibility engine.
"""

import datetime as dt

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP"
IN_FORCE = dt.date(2024, 1, 1)

PM = "Thủ tướng Chính phủ"
MINISTER = "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ; Chủ tịch UBND cấp tỉnh"
HEAD = "Thủ trưởng cơ quan, đơn vị"

# code, name, kind (title/form), recipients, conferred by, level
CATALOGUE = [
    ("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", "title", "collective", PM, "national"),
    (
        "co_thi_dua_bo",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "title",
        "collective",
        MINISTER,
        "ministry_province",
    ),
    (
        "tap_the_lao_dong_xuat_sac",
        "Tập thể lao động xuất sắc",
        "title",
        "collective",
        MINISTER,
        "ministry_province",
    ),
    ("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến", "title", "collective", HEAD, "unit"),
    ("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", "title", "person", PM, "national"),
    (
        "chien_si_thi_dua_bo",
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "title",
        "person",
        MINISTER,
        "ministry_province",
    ),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "title", "person", HEAD, "unit"),
    ("lao_dong_tien_tien", "Lao động tiên tiến", "title", "person", HEAD, "unit"),
    ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "form", "both", PM, "national"),
    (
        "bang_khen_bo",
        "Bằng khen của bộ, ban, ngành, tỉnh",
        "form",
        "both",
        MINISTER,
        "ministry_province",
    ),
    ("giay_khen", "Giấy khen", "form", "both", HEAD, "unit"),
]


def add_catalogue(apps, schema_editor):
    AwardTitle = apps.get_model("awards", "AwardTitle")
    AwardTitle.objects.bulk_create(
        AwardTitle(
            code=code,
            name=name,
            kind=kind,
            recipients=recipients,
            conferred_by=conferred_by,
            level=level,
            legal_basis=LAW,
            valid_from=IN_FORCE,
        )
        for code, name, kind, recipients, conferred_by, level in CATALOGUE
    )


def remove_catalogue(apps, schema_editor):
    AwardTitle = apps.get_model("awards", "AwardTitle")
    AwardTitle.objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_award_catalogue_and_records")]

    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
