"""``manage.py awards_import FILE``: import commendation history records (.csv or .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.awards.services import record_import
from thidua.core.tabular import ImportRejected

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = "Nhập quá trình khen thưởng, kỷ luật từ tệp .csv hoặc .xlsx (xem AGENTS.md về các cột)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        with path.open("rb") as stream:
            try:
                result = record_import(actor=None, stream=stream, filename=path.name)
            except ImportRejected as error:
                for row_error in error.errors[:MAX_ERRORS_SHOWN]:
                    self.stderr.write(
                        _("Dòng %(row)d: %(message)s")
                        % {"row": row_error.row, "message": row_error.message}
                    )
                hidden = len(error.errors) - MAX_ERRORS_SHOWN
                if hidden > 0:
                    self.stderr.write(_("… và %(count)d lỗi khác.") % {"count": hidden})
                raise CommandError(error.message) from None
        self.stdout.write(
            _(
                "Đã nhập %(total)d dòng: %(created)d mới, %(unchanged)d không đổi, "
                "%(revoked)d thu hồi."
            )
            % {
                "total": result.total,
                "created": result.created,
                "unchanged": result.unchanged,
                "revoked": result.revoked,
            }
        )
