from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = _("Bình xét, bỏ phiếu kín")

    def ready(self) -> None:
        from thidua.audit.registry import register_actions

        register_actions(
            {
                "voting.session.created": _("Lập phiên bỏ phiếu"),
                "voting.question.added": _("Thêm nội dung bỏ phiếu"),
                "voting.candidate.added": _("Thêm ứng viên"),
                "voting.candidates.added": _("Thêm ứng viên theo kết quả xếp hạng"),
                "voting.candidate.removed": _("Bỏ ứng viên"),
                "voting.voter.added": _("Thêm cử tri"),
                "voting.voter.removed": _("Bỏ cử tri"),
                "voting.session.opened": _("Mở phiên bỏ phiếu"),
                "voting.participation.recorded": _("Cử tri điểm danh, nhận phiếu"),
                "voting.ballot.cast": _("Một phiếu đã được bỏ vào hòm phiếu"),
                "voting.written_vote.recorded": _(
                    "Ghi nhận ý kiến bằng văn bản của thành viên vắng mặt"
                ),
                "voting.session.closed": _("Kết thúc bỏ phiếu"),
                "voting.teller_count.entered": _("Tổ kiểm phiếu nhập kết quả kiểm phiếu"),
                "voting.paper_counts.accepted": _("Đối chiếu, chấp nhận kết quả kiểm phiếu"),
                "voting.tie.resolved": _("Xử lý trường hợp bằng phiếu"),
                "voting.session.published": _("Công bố kết quả bỏ phiếu"),
            }
        )
