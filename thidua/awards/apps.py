from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "awards.records.imported": _("Nhập quá trình khen thưởng, kỷ luật từ tệp"),
                "awards.record.revoked": _("Thu hồi, hủy bỏ một hồ sơ khen thưởng"),
                "awards.eligibility_check.saved": _("Lưu kết quả xét điều kiện khen thưởng"),
                "awards.eligibility_checks.reevaluated": _(
                    "Xét lại các kết quả đã lưu do hồ sơ bị thu hồi"
                ),
                "awards.rule_set.created": _("Thêm phiên bản bộ tiêu chuẩn xét khen thưởng"),
                "awards.rule_set.changed": _("Sửa phiên bản bộ tiêu chuẩn xét khen thưởng"),
                "awards.rule_set.conditions_changed": _(
                    "Sửa điều kiện của bộ tiêu chuẩn xét khen thưởng"
                ),
            }
        )
        post_migrate.connect(restore_sqlite_search_triggers, sender=self)


def restore_sqlite_search_triggers(using: str = "default", **kwargs: Any) -> None:
    """Recreate the SQLite full-text triggers if a later migration's table rebuild dropped them.

    Django rebuilds a SQLite table (copy, drop, rename) for some schema changes, which drops the
    triggers that keep the FTS5 search tables of migration 0005 in step; this puts them back
    and rebuilds the index. A no-op on PostgreSQL and when nothing is missing.
    """
    import importlib

    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    search = importlib.import_module("thidua.awards.migrations.0005_search_indexes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for fts, base in search.FTS_TABLES.items():
            if fts in present and not {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= present:
                for statement in search._sqlite_statements(fts, base):
                    cursor.execute(statement)
