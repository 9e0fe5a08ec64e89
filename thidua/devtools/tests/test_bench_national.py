"""The national history generator and its benchmarks (bench/national, bench/eligibility.py,
bench/import_history.py) still run: at a tiny scale, inside the test database. The figures
themselves are not tested (DESIGN.md §4.11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db.models import Count

from bench import eligibility, import_history
from bench.national.generate import (
    Settings,
    evaluation_date,
    family_share,
    format_summary,
    full_name,
    generate,
)
from thidua.awards.models import CommendationRecord
from thidua.organizations.models import Agency, LineageEvent, Person, Position

pytestmark = pytest.mark.django_db

SCALE = 300
YEAR = 2025


def _generate(seed: int = 7, *, bulk_indexes: bool = False) -> Settings:
    settings = Settings(SCALE, seed)
    generate(settings, bulk_indexes=bulk_indexes, out=lambda _line: None, check_free_disk=False)
    return settings


def _snapshot() -> tuple[object, ...]:
    return (
        list(Person.objects.order_by("code").values_list("code", "full_name", "gender")),
        list(Agency.objects.order_by("code").values_list("code", "name", "valid_to")),
        list(
            CommendationRecord.objects.order_by("identity").values_list(
                "identity", "decision_date", "revoked_by_decision"
            )
        ),
        list(Position.objects.order_by("person__code", "from_date").values_list("agency__code")),
    )


def test_the_generator_is_deterministic_and_writes_every_table() -> None:
    _generate(seed=7)
    first = _snapshot()
    assert Person.objects.count() == SCALE
    assert Position.objects.count() >= SCALE
    assert CommendationRecord.objects.count() > 10 * SCALE
    kinds = set(CommendationRecord.objects.values_list("record_kind", flat=True).distinct())
    assert kinds >= {"award", "rating", "initiative", "discipline"}
    Position.objects.all().delete()
    CommendationRecord.objects.all().delete()
    Person.objects.all().delete()
    LineageEvent.objects.all().delete()
    Agency.objects.update(parent=None)
    Agency.objects.all().delete()
    _generate(seed=7, bulk_indexes=True)  # the same rows, the indexes set aside and rebuilt
    assert _snapshot() == first


def _check_lineage() -> None:
    merges = LineageEvent.objects.filter(kind="merge", date=dt.date(2025, 7, 1))
    provinces = merges.filter(decision_number="202/2025/QH15")
    assert provinces.count() == 23  # the merged provinces' committees
    can_tho = provinces.get(successors__code="UBND-92-2025")
    assert sorted(can_tho.predecessors.values_list("code", flat=True)) == [
        "UBND-92",
        "UBND-93",
        "UBND-94",
    ]
    assert LineageEvent.objects.filter(kind="merge", date=dt.date(2025, 3, 1)).exists()
    assert LineageEvent.objects.filter(kind="transfer").exists()
    # The predecessors end the day before; people move on with their agency.
    assert not Agency.objects.filter(
        lineage_as_predecessor__in=provinces, valid_to__gte=dt.date(2025, 7, 1)
    ).exists()
    moved = Position.objects.filter(from_date=dt.date(2025, 7, 1)).count()
    assert moved > 0


def _check_names() -> None:
    names = list(Person.objects.values_list("full_name", flat=True))
    assert 0.28 < family_share(names, "Nguyễn") < 0.48
    assert all(len(name.split()) >= 3 for name in names)
    import random

    rng = random.Random(1)
    drawn = [full_name(rng, "nam") for _ in range(20_000)]
    assert 0.36 < family_share(drawn, "Nguyễn") < 0.41
    assert 0.09 < family_share(drawn, "Trần") < 0.13
    women = [full_name(rng, "nu") for _ in range(2_000)]
    assert sum(" Thị " in name for name in women) > 0.4 * len(women)


def _check_titles() -> None:
    # A lao_dong_tien_tien is only given with a rating of httnv or better that year.
    awards = CommendationRecord.objects.filter(
        award__code="lao_dong_tien_tien", person__isnull=False
    )
    assert awards.exists()
    ratings = {
        (person, year): rating
        for person, year, rating in CommendationRecord.objects.filter(
            record_kind="rating", person__isnull=False
        ).values_list("person_id", "year", "rating")
    }
    for person, year in awards.values_list("person_id", "year"):
        assert ratings[(person, year)] in ("httnv", "htxsnv")
    # The ministry-level titles of the judged year are left to the eligibility batch.
    assert not CommendationRecord.objects.filter(
        award__code__in=["chien_si_thi_dua_bo", "bang_khen_bo", "tap_the_lao_dong_xuat_sac"],
        year=YEAR,
    ).exists()
    # Identities are unique and every record is decided by the evaluation date or is a period.
    assert (
        CommendationRecord.objects.values("identity").annotate(n=Count("id")).filter(n__gt=1)
    ).count() == 0


def test_one_history_has_the_reorganisation_the_names_and_titles_by_the_rules() -> None:
    summary = generate(Settings(SCALE, 3), out=lambda _line: None, check_free_disk=False)
    _check_lineage()
    _check_names()
    _check_titles()
    text = format_summary(summary)
    assert f"people {SCALE:,}" in text
    assert "Nguyễn" in text
    assert summary.records == CommendationRecord.objects.count()


def test_the_eligibility_benchmark_agrees_with_the_naive_loop() -> None:
    _generate()
    lines: list[str] = []
    timings = eligibility.compare(
        year=YEAR,
        as_of=evaluation_date(YEAR),
        sample=5,
        seed=1,
        only={"lao_dong_tien_tien", "chien_si_thi_dua_bo", "tap_the_lao_dong_tien_tien"},
        experiment_window=True,
        out=lines.append,
    )  # raises if a sampled verdict differs
    assert {(t.award, t.recipient_type) for t in timings} == {
        ("lao_dong_tien_tien", "person"),
        ("chien_si_thi_dua_bo", "person"),
        ("tap_the_lao_dong_tien_tien", "collective"),
    }
    people = next(t for t in timings if t.award == "lao_dong_tien_tien")
    assert people.candidates == SCALE
    assert people.agreed == 5
    assert people.batch_queries < people.naive_queries
    # The experiment runs while the engine still reads whole histories.
    assert (people.windowed_seconds > 0) != eligibility.app_reads_windows()
    assert sum(people.verdicts.values()) == SCALE
    printed = eligibility.report(timings)
    assert "EXTRAPOLATED" in printed
    assert "EXPERIMENT" in printed or eligibility.app_reads_windows()
    assert len(lines) == 3


def test_the_import_benchmark_writes_a_valid_file(tmp_path: Path) -> None:
    _generate()
    built = import_history.write_file(tmp_path / "history.csv", 400, seed=1)
    assert built.rows == 400
    from thidua.awards.services import record_import

    before = CommendationRecord.objects.count()
    with built.path.open("rb") as stream:
        result = record_import(actor=None, stream=stream, filename="history.csv")
    assert result.total == 400
    assert result.revoked == built.revocations
    assert CommendationRecord.objects.count() == before + result.created
    seconds, rows = import_history.naive_import(
        import_history.write_file(tmp_path / "naive.csv", 30, seed=2, tag="NV").path
    )
    assert rows == 30
    assert seconds > 0
