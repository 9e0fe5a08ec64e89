"""The eligibility engine: lineage under each continuity policy, revocation and stored verdicts,
the set-based batch, the command line's errors and the API.

The per-title boundary cases are in ``test_eligibility_boundaries.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.choices import ContinuityPolicy, Verdict
from thidua.awards.eligibility import evaluate, evaluate_one
from thidua.awards.eligibility.engine import Candidate
from thidua.awards.models import AwardTitle, EligibilityCheck, EligibilityRuleSet
from thidua.awards.services import (
    IMPORT_COLUMNS,
    eligibility_check_save,
    record_import,
    record_revoke,
)
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 1)


def agency(code: str, **dates: Any) -> Agency:
    return agency_create(
        actor=None,
        values=AgencyValues(
            code=code,
            name=f"Sở Công Thương {code}",
            short_name="",
            kind="provincial_department",
            province=None,
            parent=dates.pop("parent", None),
            valid_from=dates.get("valid_from"),
            valid_to=dates.get("valid_to"),
        ),
    )


def person(code: str, at: Agency | None = None, since: dt.date = dt.date(2015, 1, 1)) -> Person:
    someone = person_create(actor=None, values=PersonValues(code=code, full_name=f"Nguyễn {code}"))
    if at is not None:
        position_add(actor=None, person=someone, agency=at, title="Chuyên viên", from_date=since)
    return someone


def history(*rows: dict[str, Any]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=IMPORT_COLUMNS)
    writer.writeheader()
    for number, row in enumerate(rows):
        full = dict.fromkeys(IMPORT_COLUMNS, "")
        full.update(row)
        full.setdefault("decision_date", "")
        if not full["decision_number"]:
            full["decision_number"] = f"{number + 1}/QĐ-T{row.get('year', '')}"
        if not full["decision_date"] and row.get("year"):
            full["decision_date"] = f"{int(row['year']) + 1}-01-15"
        writer.writerow(full)
    record_import(actor=None, stream=io.BytesIO(out.getvalue().encode()), filename="h.csv")


def rating(code: str, year: int, value: str, recipient_type: str = "person") -> dict[str, Any]:
    return {
        "record_kind": "rating",
        "recipient_type": recipient_type,
        "recipient_code": code,
        "rating": value,
        "year": year,
    }


def award(code: str, year: int, title: str, recipient_type: str = "person") -> dict[str, Any]:
    return {
        "record_kind": "award",
        "recipient_type": recipient_type,
        "recipient_code": code,
        "award": title,
        "year": year,
    }


def title(code: str) -> AwardTitle:
    return AwardTitle.objects.get(code=code)


def verdict_of(recipient: Agency | Person, code: str, year: int) -> Any:
    return evaluate_one(award=title(code), year=year, recipient=recipient, as_of=AS_OF)


def line(result: Any, rule: str) -> Any:
    return next(c for c in result.conditions if c.rule == rule)


def set_policy(policy: str) -> None:
    EligibilityRuleSet.objects.update(continuity_policy=policy)


@pytest.fixture
def merged() -> Agency:
    """An Giang's new department from 01/07/2025, from the old An Giang and Kiên Giang ones.

    The old ones were rated excellent in 2024 (both) and 2023 (An Giang only); the new one is
    rated excellent in 2025.
    """
    old_ag = agency("SCT-AG-CU", valid_from=dt.date(2004, 1, 1))
    old_kg = agency("SCT-KG-CU", valid_from=dt.date(2004, 1, 1))
    new = agency("SCT-AG", valid_from=dt.date(2025, 7, 1))
    lineage_event_record(
        actor=None,
        kind="merge",
        date=dt.date(2025, 7, 1),
        predecessors=[old_ag, old_kg],
        successors=[new],
    )
    history(
        rating("SCT-AG-CU", 2023, "htxsnv", "collective"),
        rating("SCT-AG-CU", 2024, "htxsnv", "collective"),
        rating("SCT-KG-CU", 2024, "htxsnv", "collective"),
        rating("SCT-KG-CU", 2023, "httnv", "collective"),
        rating("SCT-AG", 2025, "htxsnv", "collective"),
    )
    return new


def test_a_merged_department_met_only_through_its_predecessors_needs_review(
    merged: Agency,
) -> None:
    result = verdict_of(merged, "bang_khen_bo", 2025)

    assert result.verdict == Verdict.NEEDS_REVIEW
    chain = line(result, "achievements")
    assert chain.met is True
    inherited = {(f.recipient, f.year, f.inherited_from) for f in chain.records}
    assert ("SCT-AG-CU", 2024, "SCT-AG-CU") in inherited
    assert ("SCT-AG", 2025, None) in inherited


def test_under_policy_none_the_predecessors_do_not_count(merged: Agency) -> None:
    set_policy(ContinuityPolicy.NONE)

    result = verdict_of(merged, "bang_khen_bo", 2025)

    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert "2024" in line(result, "achievements").note


def test_under_any_predecessor_one_predecessor_suffices_without_review(merged: Agency) -> None:
    set_policy(ContinuityPolicy.ANY_PREDECESSOR)

    assert verdict_of(merged, "bang_khen_bo", 2025).verdict == Verdict.ELIGIBLE


def test_under_all_predecessors_every_predecessor_must_have_the_year(merged: Agency) -> None:
    set_policy(ContinuityPolicy.ALL_PREDECESSORS)
    eligible_2025 = verdict_of(merged, "bang_khen_bo", 2025)
    # 2023–2024 for the 2024 question: Kiên Giang was only "good" in 2023.
    result_2024 = evaluate_one(
        award=title("bang_khen_bo"), year=2024, recipient=merged, as_of=AS_OF
    )

    assert eligible_2025.verdict == Verdict.ELIGIBLE
    assert result_2024.verdict == Verdict.NOT_ELIGIBLE
    assert "2023" in line(result_2024, "achievements").note


def test_a_renamed_agencys_old_code_records_are_its_own(db: None) -> None:
    old = agency("SCT-CU")
    new = agency("SCT-MOI")
    lineage_event_record(
        actor=None, kind="rename", date=dt.date(2025, 1, 1), predecessors=[old], successors=[new]
    )
    history(
        rating("SCT-CU", 2024, "htxsnv", "collective"),
        rating("SCT-MOI", 2025, "htxsnv", "collective"),
    )

    result = verdict_of(new, "bang_khen_bo", 2025)

    assert result.verdict == Verdict.ELIGIBLE
    records = line(result, "achievements").records
    assert {(f.recipient, f.inherited_from) for f in records} == {
        ("SCT-CU", None),
        ("SCT-MOI", None),
    }


def test_an_open_blocker_on_a_predecessor_needs_review(merged: Agency) -> None:
    history(
        {
            "record_kind": "blocker",
            "recipient_type": "collective",
            "recipient_code": "SCT-KG-CU",
            "start_date": "2025-03-01",
            "decision_number": "9/QĐ-TTr",
            "decision_date": "2025-03-01",
            "note": "Thanh tra việc quản lý chợ",
        }
    )
    set_policy(ContinuityPolicy.ANY_PREDECESSOR)

    result = verdict_of(merged, "bang_khen_bo", 2025)

    assert result.verdict == Verdict.NEEDS_REVIEW
    blocker = line(result, "blocker")
    assert blocker.met is True
    assert [f.inherited_from for f in blocker.records] == ["SCT-KG-CU"]


@pytest.fixture
def officer() -> Person:
    """Chiến sĩ thi đua cơ sở in 2024 and 2025 — so Bằng khen của bộ for 2025."""
    someone = person("CB-1")
    history(
        award("CB-1", 2024, "chien_si_thi_dua_co_so"),
        award("CB-1", 2025, "chien_si_thi_dua_co_so"),
    )
    return someone


def test_revoking_a_record_flips_the_verdict_and_the_explanation_says_why(
    officer: Person,
) -> None:
    assert verdict_of(officer, "bang_khen_bo", 2025).verdict == Verdict.ELIGIBLE
    record = officer.commendation_records.get(year=2024)

    record_revoke(
        actor=None, record=record, decision_number="77/QĐ-BCT", revoked_on=dt.date(2026, 3, 1)
    )
    result = verdict_of(officer, "bang_khen_bo", 2025)

    assert result.verdict == Verdict.NOT_ELIGIBLE
    achievements = line(result, "achievements")
    assert any(f.revoked and f.year == 2024 for f in achievements.records)
    assert "thu hồi" in achievements.note


def test_a_revocation_dated_after_the_evaluation_date_does_not_count_yet(
    officer: Person,
) -> None:
    record = officer.commendation_records.get(year=2024)
    record_revoke(
        actor=None, record=record, decision_number="77/QĐ-BCT", revoked_on=dt.date(2026, 9, 1)
    )

    assert verdict_of(officer, "bang_khen_bo", 2025).verdict == Verdict.ELIGIBLE


def test_a_kept_verdict_is_flagged_when_a_record_it_used_is_revoked_by_import(
    officer: Person,
) -> None:
    check = eligibility_check_save(
        actor=None, recipient=officer, award=title("bang_khen_bo"), year=2025, as_of=AS_OF
    )
    assert check.verdict == Verdict.ELIGIBLE
    assert check.records.count() == 2
    other = eligibility_check_save(
        actor=None, recipient=officer, award=title("lao_dong_tien_tien"), year=2025, as_of=AS_OF
    )

    revoked = award("CB-1", 2024, "chien_si_thi_dua_co_so")
    revoked.update(
        decision_number="1/QĐ-T2024",
        decision_date="2025-01-15",
        revoked_by_decision="88/QĐ-BCT",
        revoked_on="2026-02-01",
    )
    history(revoked)

    check.refresh_from_db()
    other.refresh_from_db()
    assert check.flagged_at is not None
    assert check.current_verdict == Verdict.NOT_ELIGIBLE
    assert "88/QĐ-BCT" in check.flag_reason
    assert other.flagged_at is None  # it did not use the revoked record


def test_the_batch_reads_in_the_same_number_of_queries_for_one_or_many(db: None) -> None:
    unit = agency("SCT-Q")
    people = [person(f"Q-{n}", at=unit) for n in range(30)]
    history(*(rating(p.code, 2025, "httnv") for p in people))
    ldtt = title("chien_si_thi_dua_bo")

    def queries(count: int) -> int:
        candidates = [Candidate(p.pk, p.code, p.full_name, "person") for p in people[:count]]
        with CaptureQueriesContext(connection) as captured:
            results = list(
                evaluate(
                    award=ldtt,
                    year=2025,
                    recipient_type="person",
                    candidates=candidates,
                    as_of=AS_OF,
                )
            )
        assert len(results) == count
        return len(captured)

    assert queries(1) == queries(30)


def test_a_collective_batch_reads_in_the_same_number_of_queries_for_one_or_many(
    db: None,
) -> None:
    units = [agency(f"SCT-{n}") for n in range(12)]
    for unit in units:
        person(f"NV-{unit.code}", at=unit)
    history(*(rating(u.code, 2025, "httnv", "collective") for u in units))

    def queries(count: int) -> int:
        candidates = [Candidate(u.pk, u.code, u.name, "collective") for u in units[:count]]
        with CaptureQueriesContext(connection) as captured:
            list(
                evaluate(
                    award=title("tap_the_lao_dong_xuat_sac"),
                    year=2025,
                    recipient_type="collective",
                    candidates=candidates,
                    as_of=AS_OF,
                )
            )
        return len(captured)

    assert queries(1) == queries(12)


def run(*args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("eligibility", *args, stdout=out)
    return [json.loads(text) for text in out.getvalue().splitlines()]


def test_the_command_writes_the_interface_object(officer: Person) -> None:
    [result] = run(
        "--award", "bang_khen_bo", "--year", "2025", "--recipient", "CB-1", "--as-of", "01/06/2026"
    )

    assert set(result) == {
        "recipient",
        "recipient_type",
        "award",
        "year",
        "as_of",
        "verdict",
        "conditions",
    }
    assert result["as_of"] == "2026-06-01"
    assert result["verdict"] == "eligible"
    condition = result["conditions"][-1]
    assert set(condition) == {"rule", "label", "kind", "met", "basis", "records"}
    assert set(condition["records"][0]) == {
        "kind",
        "value",
        "year",
        "recipient",
        "decision_number",
        "revoked",
        "derived",
        "inherited_from",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--award", "khong_co", "--year", "2025", "--recipient", "CB-1"], "khong_co"),
        (["--award", "bang_khen_bo", "--year", "2025", "--recipient", "AI-DO"], "AI-DO"),
        (
            [
                "--award",
                "bang_khen_bo",
                "--year",
                "2025",
                "--recipient",
                "CB-1",
                "--as-of",
                "31/02/2026",
            ],
            "31/02/2026",
        ),
        (
            [
                "--award",
                "bang_khen_bo",
                "--year",
                "2025",
                "--recipient",
                "CB-1",
                "--as-of",
                "01/01/2020",
            ],
            "01/01/2020",
        ),
        (["--award", "lao_dong_tien_tien", "--year", "2025", "--all", "--under", "KHONG"], "KHONG"),
    ],
)
def test_the_command_refuses_bad_arguments_with_a_clear_message(
    officer: Person, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_an_ambiguous_code_asks_for_the_recipient_type(officer: Person) -> None:
    agency("CB-1")

    with pytest.raises(CommandError, match="--recipient-type"):
        run("--award", "bang_khen_bo", "--year", "2025", "--recipient", "CB-1")
    [result] = run(
        "--award",
        "bang_khen_bo",
        "--year",
        "2025",
        "--recipient",
        "CB-1",
        "--recipient-type",
        "collective",
        "--as-of",
        "2026-06-01",
    )
    assert result["recipient_type"] == "collective"


def test_the_api_answers_the_same_object_and_hides_what_the_user_may_not_see(
    personas: Any, client_as: Any
) -> None:
    someone = person("CB-API", at=personas.own)
    history(rating("CB-API", 2025, "httnv"))
    query = {
        "award": "lao_dong_tien_tien",
        "year": 2025,
        "recipient": "CB-API",
        "as_of": "2026-06-01",
    }

    answer = client_as(personas.member_officer).get("/api/v1/eligibility", query)
    assert answer.status_code == 200, answer.content
    assert (
        answer.json()
        == run(
            "--award",
            "lao_dong_tien_tien",
            "--year",
            "2025",
            "--recipient",
            "CB-API",
            "--as-of",
            "2026-06-01",
        )[0]
    )
    assert client_as(personas.outsider).get("/api/v1/eligibility", query).status_code == 404
    assert client_as(personas.anonymous).get("/api/v1/eligibility", query).status_code == 401
    bad = client_as(personas.member_officer).get(
        "/api/v1/eligibility", {**query, "award": "khong_co"}
    )
    assert bad.status_code == 400
    assert someone.code == "CB-API"


def test_a_kept_verdict_is_audited(officer: Person) -> None:
    from thidua.audit.models import AuditEvent

    eligibility_check_save(
        actor=None, recipient=officer, award=title("bang_khen_bo"), year=2025, as_of=AS_OF
    )

    assert EligibilityCheck.objects.count() == 1
    assert AuditEvent.objects.filter(action="awards.eligibility_check.saved").count() == 1


def test_a_title_already_granted_for_the_year_is_not_granted_again(db: None) -> None:
    someone = person("CB-LAI")
    granted = award("CB-LAI", 2025, "lao_dong_tien_tien")
    granted.update(decision_number="3/QĐ-SCT", decision_date="2026-01-12")
    rated = rating("CB-LAI", 2025, "httnv")
    rated.update(decision_number="1/QĐ-SCT", decision_date="2025-12-22")
    history(rated, granted)
    ldtt = title("lao_dong_tien_tien")

    before = evaluate_one(award=ldtt, year=2025, recipient=someone, as_of=dt.date(2026, 1, 5))
    after = evaluate_one(award=ldtt, year=2025, recipient=someone, as_of=dt.date(2026, 1, 12))

    assert before.verdict == Verdict.ELIGIBLE
    assert after.verdict == Verdict.NOT_ELIGIBLE
    assert [f.decision_number for f in line(after, "not_granted").records] == ["3/QĐ-SCT"]
    record = someone.commendation_records.get(record_kind="award")
    record_revoke(actor=None, record=record, decision_number="9/QĐ-SCT", revoked_on=None)
    again = evaluate_one(award=ldtt, year=2025, recipient=someone, as_of=dt.date(2026, 2, 1))
    assert line(again, "not_granted").met is True
