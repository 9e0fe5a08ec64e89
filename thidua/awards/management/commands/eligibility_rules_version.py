"""``manage.py eligibility_rules_version SOURCE CODE --valid-from DATE --name … --basis …``.

Adds a new dated version of the eligibility rules as a copy of ``SOURCE``; a system
administrator then edits its conditions in the administration (while no verdict has used it).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.awards.models import EligibilityRuleSet
from thidua.awards.services import rule_set_new_version
from thidua.core.dates import parse_date
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Thêm phiên bản mới của bộ tiêu chuẩn xét khen thưởng (sao chép từ một phiên bản)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="code of the version to copy")
        parser.add_argument("code", help="code of the new version")
        parser.add_argument("--valid-from", required=True, help="dd/mm/yyyy or ISO")
        parser.add_argument("--name", required=True)
        parser.add_argument("--basis", required=True, help="legal basis")

    def handle(self, *args: Any, **options: Any) -> None:
        source = EligibilityRuleSet.objects.filter(code=options["source"]).first()
        if source is None:
            raise CommandError(_("Không có phiên bản “%(code)s”.") % {"code": options["source"]})
        try:
            valid_from = parse_date(options["valid_from"])
        except ValueError:
            valid_from = None
        if valid_from is None:
            raise CommandError(_("Ngày áp dụng không hợp lệ."))
        try:
            version = rule_set_new_version(
                actor=None,
                source=source,
                code=options["code"],
                name=options["name"],
                legal_basis=options["basis"],
                valid_from=valid_from,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            _("Đã thêm phiên bản %(code)s, áp dụng từ %(day)s.")
            % {"code": version.code, "day": f"{version.valid_from:%d/%m/%Y}"}
        )
