"""``manage.py ranking_export CLUSTER_CODE YEAR``: the ranking in force as CSV on stdout.

Other tools read this output, so its shape is fixed: the header
``rank,agency_code,agency_name,total,disqualified``, then one line per unit in the published
order (qualified units by total, then disqualified ones by total; equal totals share a rank
and the next rank skips: 1, 1, 3), the total with two decimals, ``true``/``false``, "\\n" line
endings. The units' names are those stored in the ranking (the names they had that year). The
latest published version is printed; without one the command fails with status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from thidua.emulation.selectors import group_year_get
from thidua.scoring.result_documents import ranking_csv
from thidua.scoring.selectors import latest_ranking, ranking_entries


class Command(BaseCommand):
    help = "In kết quả xếp hạng đã công bố (lần mới nhất) của một khối, cụm và năm ra dạng CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cluster_code")
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        code, year = options["cluster_code"], options["year"]
        group_year = group_year_get(code, year)
        if group_year is None:
            raise CommandError(
                _("Không có khối, cụm %(code)s năm %(year)d.") % {"code": code, "year": year}
            )
        ranking = latest_ranking(group_year)
        if ranking is None:
            raise CommandError(
                _("%(group)s năm %(year)d chưa công bố kết quả xếp hạng.")
                % {"group": group_year.group.name, "year": year}
            )
        self.stdout.write(ranking_csv(ranking_entries(ranking)), ending="")
