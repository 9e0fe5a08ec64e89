"""``manage.py covenant_pdf CLUSTER_CODE YEAR OUT.pdf``: the covenant of a group and year.

Before publication it writes the current version, marked as a draft (or the finalised file
with the signatures so far); once published, the stored signed file byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.covenants.selectors import covenant_for, covenant_pdf
from thidua.emulation.selectors import group_year_get


class Command(BaseCommand):
    help = "Ghi giao ước thi đua của một khối, cụm và năm ra tệp PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cluster_code")
        parser.add_argument("year", type=int)
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        group_year = group_year_get(options["cluster_code"], options["year"])
        if group_year is None:
            raise CommandError(
                f"Không có khối, cụm {options['cluster_code']} năm {options['year']}."
            )
        covenant = covenant_for(group_year)
        if covenant is None:
            raise CommandError(f"{group_year} chưa có giao ước.")
        data = covenant_pdf(covenant)
        options["out"].write_bytes(data)
        self.stdout.write(
            f"Đã ghi {options['out']} ({len(data)} byte, {covenant.get_status_display()})."
        )
