"""Benchmark: ``manage.py awards_import`` of a large history file (issue 7).

Run from the repository root::

    THIDUA_DEBUG=true .venv/bin/python bench/import_history.py [--rows 200000] [--scale 20000]
        [--database sqlite|postgres] [--sample 2000] [--seed 2025]
    THIDUA_DEBUG=true .venv/bin/python bench/import_history.py --database-url URL --existing

It sets Django up on a throw-away database (or, with ``--existing``, one that
``bench/national/generate.py`` already filled), generates the national history at ``--scale``
people if needed, and writes a CSV of ``--rows`` rows with the columns of
``awards.services.IMPORT_COLUMNS`` for the recipients it holds: the older history of its
people (ratings, ``lao_dong_tien_tien``, initiatives for the years before the generated ones,
going back one year at a time) and, about one row in 200, the revocation of a record already
stored (the update path). Every row is new to the database and unique in the file.

Then it runs the real command, ``manage.py awards_import FILE``, in a **child process** (the
whole of ``record_import``: two streaming passes, validation, batched writes, one audit
event), and reports rows per second and the child's **peak resident memory**
(``VmHWM`` of ``/proc/self/status`` read inside the child when it has finished; not
``ru_maxrss``, which keeps across ``exec`` the peak of the parent that forked it), beside the
peak of a child that only sets Django up (the baseline). The naive counterpart — for each
row, an ORM lookup of the recipient, a lookup of the record by its identity and a ``save()``
— is timed in this process on ``--sample`` rows of another file inside a transaction that is
rolled back, and **extrapolated** to ``--rows`` (said so). The targets of the issue: a
1,000,000-row file imported streaming, peak memory ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national.generate import (  # noqa: E402
    Settings,
    format_summary,
    generate,
    setup_django,
)
from bench.ranking import DEFAULT_POSTGRES, _server_version, throwaway_database  # noqa: E402

TARGET_MB = 500.0


@dataclass
class ChildRun:
    seconds: float
    peak_mb: float
    output: str


@dataclass
class Built:
    path: Path
    rows: int
    revocations: int
    bytes: int


def write_file(path: Path, rows: int, *, seed: int, tag: str = "NK") -> Built:
    """``rows`` rows of older history for the stored people, a few revocations among them."""
    from thidua.awards.models import CommendationRecord
    from thidua.awards.services import IMPORT_COLUMNS
    from thidua.organizations.models import Person

    rng = random.Random(seed)
    people = list(Person.objects.order_by("id").values_list("code", "full_name"))
    if not people:
        raise SystemExit("no people in the database: generate the history first")
    first = CommendationRecord.objects.order_by("year").values_list("year", flat=True).first()
    year = (first or 2011) - 1
    stored = list(
        CommendationRecord.objects.filter(record_kind="award", person__isnull=False)
        .exclude(revoked_by_decision__gt="")
        .order_by("id")
        .values_list("person__code", "award__code", "year", "decision_number", "award_type")[
            : max(1, rows // 200)
        ]
    )
    revocations = 0
    blank = dict.fromkeys(IMPORT_COLUMNS, "")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, IMPORT_COLUMNS)
        writer.writeheader()
        written = 0
        index = 0
        while written < rows:
            if stored and rng.random() < 0.005:
                code, award, award_year, decision, award_type = stored.pop()
                writer.writerow(
                    blank
                    | {
                        "record_kind": "award",
                        "recipient_type": "person",
                        "recipient_code": code,
                        "award": award,
                        "award_type": award_type,
                        "year": str(award_year),
                        "decision_number": decision,
                        "revoked_by_decision": f"{rng.randint(1, 99)}/QĐ-{tag}-TH",
                        "revoked_on": "15/06/2026",
                    }
                )
                written += 1
                revocations += 1
                continue
            code, name = people[index]
            base = blank | {
                "recipient_type": "person",
                "recipient_code": code,
                "recipient_name": name,
                "year": str(year),
                "issuer": "Sở Nội vụ (số hóa hồ sơ)",
            }
            rating = rng.choices(["htxsnv", "httnv", "htnv", "khtnv"], [15, 65, 17, 3])[0]
            writer.writerow(
                base
                | {
                    "record_kind": "rating",
                    "rating": rating,
                    "decision_number": f"01/QĐ-{tag}-{year}",
                    "decision_date": f"28/12/{year}",
                }
            )
            written += 1
            if written < rows and rating in ("htxsnv", "httnv"):
                writer.writerow(
                    base
                    | {
                        "record_kind": "award",
                        "award": "lao_dong_tien_tien",
                        "award_type": "cong_trang",
                        "decision_number": f"02/QĐ-{tag}-{year}",
                        "decision_date": f"15/01/{year + 1}",
                        "note": "Nhập từ hồ sơ giấy",
                    }
                )
                written += 1
            if written < rows and rng.random() < 0.08:
                writer.writerow(
                    base
                    | {
                        "record_kind": "initiative",
                        "scope": "co_so",
                        "decision_number": f"05/QĐ-{tag}-{year}",
                        "decision_date": f"20/11/{year}",
                    }
                )
                written += 1
            index += 1
            if index == len(people):
                index, year = 0, year - 1
    return Built(path, rows, revocations, path.stat().st_size)


def run_child(mode: str, database_url: str, path: Path | None = None) -> ChildRun:
    """This script again in a child process; it prints its own figures as JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
    command += ["--database-url", database_url]
    if path is not None:
        command += ["--file", str(path)]
    env = os.environ | {"THIDUA_DEBUG": os.environ.get("THIDUA_DEBUG", "true")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {mode} failed:\n{done.stdout}\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return ChildRun(figures["seconds"], figures["peak_mb"], figures["output"])


def child(mode: str, database_url: str, path: str) -> int:
    """In the child: set Django up, run the import (or nothing), print the figures."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = database_url
    import io

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    import thidua.awards.services  # noqa: F401 (the baseline loads what the import loads)

    settings.DEBUG = False
    output = io.StringIO()
    start = time.perf_counter()
    if mode == "import":
        call_command("awards_import", path, stdout=output)
    seconds = time.perf_counter() - start
    print(
        json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "output": output.getvalue().strip()})
    )
    return 0


def peak_mb() -> float:
    """This process's peak resident memory, in MB.

    ``VmHWM`` belongs to the process's own memory map; ``ru_maxrss``, the fallback, keeps
    across ``exec`` the peak of the parent that forked it (and so may overstate it).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive_import(path: Path) -> tuple[float, int]:
    """Row by row through the ORM (rolled back): seconds and rows."""
    from django.db import transaction

    from thidua.awards.models import AwardTitle, CommendationRecord
    from thidua.core.dates import parse_date
    from thidua.organizations.models import Person

    rows = 0
    start = time.perf_counter()
    with transaction.atomic():
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                person = Person.objects.get(code=row["recipient_code"])
                award = AwardTitle.objects.get(code=row["award"]) if row["award"] else None
                value = row["award"] or row["rating"] or row["scope"] or row["discipline_level"]
                year = int(row["year"]) if row["year"] else None
                identity = CommendationRecord.make_identity(
                    row["record_kind"], "person", person.pk, value, year, row["decision_number"]
                )
                record = CommendationRecord.objects.filter(identity=identity).first()
                if record is None:
                    record = CommendationRecord(
                        record_kind=row["record_kind"],
                        person=person,
                        award=award,
                        rating=row["rating"],
                        scope=row["scope"],
                        discipline_level=row["discipline_level"],
                        award_type=row["award_type"] or "cong_trang",
                        year=year,
                        decision_number=row["decision_number"],
                        decision_date=parse_date(row["decision_date"]),
                        issuer=row["issuer"],
                        note=row["note"],
                        search_key=CommendationRecord.make_search_key(
                            row["decision_number"], row["issuer"], row["note"]
                        ),
                        identity=identity,
                    )
                elif row["revoked_by_decision"]:
                    record.revoked_by_decision = row["revoked_by_decision"]
                    record.revoked_on = parse_date(row["revoked_on"])
                record.save()
                rows += 1
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds, rows


def measure(
    database_url: str, rows: int, *, sample: int, seed: int, folder: Path
) -> dict[str, Any]:
    """Write the files, run the import in a child, time the naive way; the figures."""
    start = time.perf_counter()
    built = write_file(folder / "history.csv", rows, seed=seed)
    written = time.perf_counter() - start
    naive_file = write_file(folder / "naive.csv", sample, seed=seed + 1, tag="NV")
    baseline = run_child("baseline", database_url)
    run = run_child("import", database_url, built.path)
    naive_seconds, naive_rows = naive_import(naive_file.path)
    return {
        "built": built,
        "written_seconds": written,
        "baseline": baseline,
        "run": run,
        "naive_seconds": naive_seconds,
        "naive_rows": naive_rows,
    }


def report(figures: dict[str, Any]) -> str:
    built: Built = figures["built"]
    run: ChildRun = figures["run"]
    baseline: ChildRun = figures["baseline"]
    rate = built.rows / run.seconds if run.seconds else 0.0
    naive_rate = figures["naive_rows"] / figures["naive_seconds"] if figures["naive_seconds"] else 0
    naive_total = built.rows / naive_rate if naive_rate else 0.0
    return "\n".join(
        [
            f"file: {built.rows:,} rows ({built.revocations:,} revocations), "
            f"{built.bytes / 1e6:.1f} MB, written in {figures['written_seconds']:.1f} s",
            f"awards_import (child process): {run.seconds:.1f} s, {rate:,.0f} rows/s, "
            f"peak memory {run.peak_mb:,.0f} MB (a child that only loads Django: "
            f"{baseline.peak_mb:,.0f} MB; target ≤ {TARGET_MB:.0f} MB)",
            f"  it said: {run.output}",
            f"naive, row by row through the ORM, measured on {figures['naive_rows']:,} rows "
            f"and EXTRAPOLATED: {naive_rate:,.0f} rows/s, {naive_total:,.0f} s for "
            f"{built.rows:,} rows; ratio {naive_total / run.seconds if run.seconds else 0:.1f}×",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--scale", type=int, default=20_000, help="people to generate")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--sample", type=int, default=2000, help="rows for the naive way")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--existing", action="store_true", help="it is generated already")
    parser.add_argument("--child", choices=["import", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--file", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.database_url, args.file)
    if args.existing and not args.database_url:
        parser.error("--existing needs --database-url")

    @contextmanager
    def database() -> Iterator[str]:
        if args.database_url:
            yield args.database_url
            return
        with throwaway_database(args.database, args.postgres_url) as url:
            yield url

    with database() as url, tempfile.TemporaryDirectory(prefix="thidua-import-") as folder:
        setup_django(url)
        from django.db import connection

        if not args.existing:
            print(format_summary(generate(Settings(args.scale, args.seed))))
        print(
            f"database: {connection.vendor} {_server_version(connection)}; "
            f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs"
        )
        connection.close()  # the child writes; SQLite wants no open transaction here
        figures = measure(url, args.rows, sample=args.sample, seed=args.seed, folder=Path(folder))
        print(report(figures))
        print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
