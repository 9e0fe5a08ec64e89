"""The verdict as the command line and the API write it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Protocol

from thidua.awards.eligibility.facts import Result


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


CSV_COLUMNS = ["recipient", "recipient_type", "award", "year", "verdict", "unmet"]


def write_json_lines(results: Iterable[Result], out: Writer) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for result in results:
        out.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(results: Iterable[Result], out: Writer) -> int:
    """``recipient,recipient_type,award,year,verdict,unmet`` (unmet rule ids, ``;``-separated)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for result in results:
        writer.writerow(
            [
                result.recipient,
                result.recipient_type,
                result.award,
                result.year,
                result.verdict,
                ";".join(result.unmet),
            ]
        )
        count += 1
    return count
