from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = _("Chấm điểm thi đua")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "scoring.table.created": _("Lập bảng chấm điểm"),
                "scoring.table.copied": _("Sao chép bảng chấm điểm năm trước"),
                "scoring.table.imported": _("Nhập bảng chấm điểm từ tệp"),
                "scoring.table.activated": _("Áp dụng bảng chấm điểm"),
                "scoring.conduct_record.saved": _("Ghi hồ sơ chấp hành"),
                "scoring.table.scheduled": _("Đặt hạn nộp bản tự chấm điểm"),
                "scoring.self_assessment.opened": _("Lập bản tự chấm điểm"),
                "scoring.self_score.saved": _("Lưu điểm tự chấm"),
                "scoring.evidence.attached": _("Đính kèm minh chứng"),
                "scoring.evidence.removed": _("Gỡ minh chứng"),
                "scoring.self_assessment.submitted": _("Nộp bản tự chấm điểm"),
                "scoring.self_assessment.reopened": _("Mở lại bản tự chấm điểm"),
                "scoring.review_round.set": _("Phân công chấm chéo"),
                "scoring.review_score.saved": _("Lưu điểm chấm chéo"),
                "scoring.review_response.saved": _("Ghi ý kiến về điểm chấm chéo"),
                "scoring.final_score.saved": _("Lưu điểm thống nhất"),
                "scoring.disqualifier_finding.set": _("Kết luận điểm liệt"),
                "scoring.disqualifier_finding.removed": _("Rút kết luận điểm liệt"),
                "scoring.ranking.published": _("Công bố kết quả xếp hạng"),
                "scoring.ranking.corrected": _("Đính chính kết quả xếp hạng"),
            }
        )
