"""``manage.py eligibility``: verdicts of the eligibility engine, one candidate or all of them.

``--award CODE --year YEAR (--recipient CODE | --all [--under AGENCY_CODE]) [--as-of DATE]
[--format json|csv] [--recipient-type person|collective]``. JSON writes one object per line,
CSV one row per candidate. The exit status is 0 whatever the verdicts; a bad argument or an
unknown code is an error (status 1) with a clear message.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.choices import RecipientType
from thidua.awards.eligibility import evaluate
from thidua.awards.eligibility.engine import (
    agency_with_descendants,
    all_candidates,
    allowed_types,
    award_by_code,
    candidate_of,
    find_recipient,
)
from thidua.awards.eligibility.facts import Result
from thidua.awards.eligibility.output import write_csv, write_json_lines
from thidua.core.dates import parse_date
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Xét điều kiện khen thưởng theo quá trình khen thưởng, kỷ luật (JSON hoặc CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--award", required=True, help="award code (DOMAIN.md §4)")
        parser.add_argument("--year", required=True, type=int, help="the judged year")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--recipient", help="a person's or an agency's code")
        who.add_argument("--all", action="store_true", help="every recipient the award allows")
        parser.add_argument("--under", help="with --all: an agency and its descendants")
        parser.add_argument("--recipient-type", choices=RecipientType.values)
        parser.add_argument("--as-of", help="evaluation date (dd/mm/yyyy or ISO); today if absent")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results = self._results(options)
            first = next(results, None)  # raises a bad argument before anything is written
            stream = itertools.chain([first] if first is not None else [], results)
            if options["format"] == "csv":
                write_csv(stream, self.stdout)
            else:
                write_json_lines(stream, self.stdout)
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _results(self, options: dict[str, Any]) -> Iterator[Result]:
        award = award_by_code(options["award"])
        year = options["year"]
        as_of = self._as_of(options["as_of"])
        if options["under"] and not options["all"]:
            raise CommandError(_("--under chỉ dùng cùng --all."))
        if options["recipient"]:
            recipient = find_recipient(award, options["recipient"], options["recipient_type"])
            candidate = candidate_of(recipient)
            yield from evaluate(
                award=award,
                year=year,
                recipient_type=candidate.type,
                candidates=[candidate],
                as_of=as_of,
            )
            return
        under = agency_with_descendants(options["under"]) if options["under"] else None
        types = allowed_types(award)
        if options["recipient_type"]:
            if options["recipient_type"] not in types:
                raise CommandError(
                    _("%(award)s không xét cho loại đối tượng “%(type)s”.")
                    % {"award": award.name, "type": options["recipient_type"]}
                )
            types = [options["recipient_type"]]
        for recipient_type in types:
            yield from evaluate(
                award=award,
                year=year,
                recipient_type=recipient_type,
                candidates=all_candidates(recipient_type, year, under),
                as_of=as_of,
            )

    @staticmethod
    def _as_of(value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise CommandError(
                _("Ngày xét không hợp lệ: “%(value)s” (dd/mm/yyyy hoặc yyyy-mm-dd).")
                % {"value": value}
            )
        return day
