"""The default ranking rule: no tie-break (equal totals share a rank) and the usual
classification bands of a cluster's rules of operation. A cluster's own rule is added as a new
dated version."""

import datetime as dt

from django.db import migrations

BANDS = [
    {"code": "xuat_sac", "label": "Xuất sắc", "min_percent": 90, "qualified_only": True},
    {"code": "tot", "label": "Tốt", "min_percent": 80, "qualified_only": False},
    {"code": "kha", "label": "Khá", "min_percent": 70, "qualified_only": False},
    {"code": "trung_binh", "label": "Trung bình", "min_percent": 50, "qualified_only": False},
    {"code": "yeu", "label": "Yếu", "min_percent": 0, "qualified_only": False},
]


def add_rule(apps, schema_editor):
    RankingRule = apps.get_model("scoring", "RankingRule")
    RankingRule.objects.update_or_create(
        code="mac-dinh",
        valid_from=dt.date(2020, 1, 1),
        defaults={
            "name": "Xếp hạng, xếp loại khối, cụm thi đua (mặc định)",
            "legal_basis": (
                "Mức thường dùng trong quy chế hoạt động của các khối, cụm thi đua; "
                "khối, cụm có quy chế khác thì bổ sung quy tắc mới có ngày hiệu lực."
            ),
            "tie_breaks": [],
            "bands": BANDS,
        },
    )


def remove_rule(apps, schema_editor):
    apps.get_model("scoring", "RankingRule").objects.filter(code="mac-dinh").delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_self_assessment_review_ranking")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
