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
                "awards.proposal.prepared": _("Lập tờ trình đề nghị khen thưởng"),
                "awards.proposal.changed": _("Sửa tờ trình đề nghị khen thưởng"),
                "awards.nomination.added": _("Thêm đối tượng đề nghị khen thưởng"),
                "awards.nomination.removed": _("Bỏ đối tượng đề nghị khen thưởng"),
                "awards.nomination.report_saved": _("Lưu báo cáo thành tích, giải trình"),
                "awards.dossier_document.attached": _("Thêm tài liệu vào hồ sơ đề nghị"),
                "awards.dossier_document.removed": _("Bỏ tài liệu khỏi hồ sơ đề nghị"),
                "awards.proposal.sent": _("Gửi tờ trình đề nghị khen thưởng"),
                "awards.proposal.returned": _("Trả lại tờ trình đề nghị khen thưởng"),
                "awards.proposal.accepted": _("Tiếp nhận tờ trình đề nghị khen thưởng"),
                "awards.proposal.council_session_created": _(
                    "Lập phiên bỏ phiếu của Hội đồng cho tờ trình"
                ),
                "awards.decision.drafted": _("Dự thảo quyết định khen thưởng"),
                "awards.decision.changed": _("Sửa dự thảo quyết định khen thưởng"),
                "awards.decision.issued": _("Ban hành quyết định khen thưởng"),
                "awards.decision.revoked": _("Thu hồi, hủy bỏ quyết định khen thưởng"),
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
