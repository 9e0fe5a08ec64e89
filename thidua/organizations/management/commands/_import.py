"""Shared body of the three import commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.tabular import ImportRejected
from thidua.organizations.imports import ImportResult

Importer = Callable[..., ImportResult]


class ImportCommand(BaseCommand):
    importer: Importer

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        stream: IO[bytes]
        with path.open("rb") as stream:
            try:
                result = type(self).importer(actor=None, stream=stream, filename=path.name)
            except ImportRejected as error:
                for row_error in error.errors:
                    self.stderr.write(f"Dòng {row_error.row}: {row_error.message}")
                raise CommandError(error.message) from None
        self.stdout.write(
            f"Đã nhập {result.total} dòng: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi."
        )
