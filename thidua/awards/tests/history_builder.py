"""Builds the state the eligibility engine reads, through the services only.

Agencies, people and their positions, lineage events and a published cluster ranking come from
the organisations, emulation and scoring services; history records (awards, ratings,
initiatives, disciplines, blockers) are collected row by row and written by one
``awards.services.record_import`` of an in-memory CSV with the import columns.

Every record gets its own decision number and, unless a test says otherwise, a decision date:
15 January of the year after the year it is for (a discipline or a blocker: its start date).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from thidua.awards.services import IMPORT_COLUMNS, record_import
from thidua.emulation.choices import GroupKind
from thidua.emulation.services import GroupYearValues, group_year_create
from thidua.organizations.models import Agency, Person
from thidua.organizations.services import (
    AgencyValues,
    PersonValues,
    agency_create,
    lineage_event_record,
    person_create,
    position_add,
)
from thidua.scoring.imports import scoring_table_import
from thidua.scoring.models import Ranking
from thidua.scoring.services import (
    ranking_publish,
    scoring_table_activate,
    scoring_table_create_default,
    self_assessment_open,
    self_assessment_submit,
    self_score_save,
)

PERSON, COLLECTIVE = "person", "collective"
HIRED = dt.date(2015, 1, 1)
"""When a person's position starts unless a test says otherwise."""
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# One group of one criterion worth the whole 100 points: a unit's total is its one score.
RANKING_TABLE_CSV = (
    "code,parent_code,kind,title,max_points,evidence_required,guidance\n"
    "I,,group,Nhiệm vụ chuyên môn,100,không,\n"
    "I.1,I,criterion,Hoàn thành chỉ tiêu kế hoạch năm,100,không,\n"
)


def default_decision_date(year: int) -> dt.date:
    return dt.date(year + 1, 1, 15)


class History:
    """A scratch history: create recipients now, collect records, write them with :meth:`save`."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.number = 0

    # --- Organisations and people --------------------------------------------------------------

    def agency(
        self,
        code: str,
        *,
        name: str | None = None,
        kind: str = "provincial_department",
        parent: Agency | None = None,
    ) -> Agency:
        return agency_create(
            actor=None,
            values=AgencyValues(
                code=code,
                name=name or f"Đơn vị {code}",
                short_name="",
                kind=kind,
                province=None,
                parent=parent,
                valid_from=None,
                valid_to=None,
            ),
        )

    def person(
        self,
        code: str,
        *,
        at: Agency | None = None,
        start: dt.date = HIRED,
        end: dt.date | None = None,
    ) -> Person:
        """A person, holding a position in ``at`` from ``start`` to ``end`` (inclusive)."""
        person = person_create(
            actor=None, values=PersonValues(code=code, full_name=f"Cán bộ {code}")
        )
        if at is not None:
            self.position(person, at, start=start, end=end)
        return person

    def position(
        self, person: Person, agency: Agency, *, start: dt.date = HIRED, end: dt.date | None = None
    ) -> None:
        position_add(
            actor=None,
            person=person,
            agency=agency,
            title="Chuyên viên",
            from_date=start,
            to_date=end,
        )

    def merge(self, predecessors: list[Agency], successor: Agency, on: dt.date) -> None:
        """A merge on ``on``: the predecessors end the day before, the successor starts on it."""
        lineage_event_record(
            actor=None,
            kind="merge",
            date=on,
            predecessors=predecessors,
            successors=[successor],
            decision_number=self._next("QĐ-SAPNHAP"),
        )

    def split(self, predecessor: Agency, successors: list[Agency], on: dt.date) -> None:
        lineage_event_record(
            actor=None,
            kind="split",
            date=on,
            predecessors=[predecessor],
            successors=successors,
            decision_number=self._next("QĐ-CHIATACH"),
        )

    def rename(self, old: Agency, new: Agency, on: dt.date) -> None:
        lineage_event_record(
            actor=None,
            kind="rename",
            date=on,
            predecessors=[old],
            successors=[new],
            decision_number=self._next("QĐ-DOITEN"),
        )

    # --- History records -----------------------------------------------------------------------

    def award(
        self,
        code: str,
        award: str,
        year: int,
        *,
        recipient_type: str = PERSON,
        award_type: str = "",
        decided: dt.date | None = None,
        revoked: bool = False,
        revoked_on: dt.date | None = None,
    ) -> None:
        """An award of ``award`` for ``year``; ``revoked`` (or a ``revoked_on`` date) adds a
        revoking decision."""
        self._add(
            "award",
            code,
            recipient_type,
            year=year,
            award=award,
            award_type=award_type,
            decided=decided,
            revoked=revoked or revoked_on is not None,
            revoked_on=revoked_on,
        )

    def rating(
        self,
        code: str,
        rating: str,
        year: int,
        *,
        recipient_type: str = PERSON,
        decided: dt.date | None = None,
    ) -> None:
        self._add("rating", code, recipient_type, year=year, rating=rating, decided=decided)

    def initiative(
        self,
        code: str,
        scope: str,
        year: int,
        *,
        recipient_type: str = PERSON,
        decided: dt.date | None = None,
        revoked_on: dt.date | None = None,
    ) -> None:
        self._add(
            "initiative",
            code,
            recipient_type,
            year=year,
            scope=scope,
            decided=decided,
            revoked=revoked_on is not None,
            revoked_on=revoked_on,
        )

    def discipline(
        self,
        code: str,
        level: str,
        start: dt.date,
        end: dt.date | None,
        *,
        revoked_on: dt.date | None = None,
    ) -> None:
        """A person's sanction of ``level`` over ``start``–``end`` (inclusive; open if None),
        annulled on ``revoked_on`` if given."""
        self._add(
            "discipline",
            code,
            PERSON,
            discipline_level=level,
            start=start,
            end=end,
            decided=start,
            revoked=revoked_on is not None,
            revoked_on=revoked_on,
        )

    def blocker(
        self,
        code: str,
        start: dt.date,
        end: dt.date | None = None,
        *,
        recipient_type: str = PERSON,
        decided: dt.date | None = None,
    ) -> None:
        """Under inspection, investigation, complaint or a discipline process over the period
        (decided on its start date unless ``decided`` says otherwise)."""
        self._add(
            "blocker",
            code,
            recipient_type,
            start=start,
            end=end,
            decided=decided or start,
            note="Đang thanh tra, kiểm tra",
        )

    def save(self) -> None:
        """Write the collected records with one import (nothing to do when there are none)."""
        if not self.rows:
            return
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=IMPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(self.rows)
        self.rows = []
        record_import(
            actor=None,
            stream=io.BytesIO(text.getvalue().encode("utf-8")),
            filename="qua-trinh.csv",
        )

    def _next(self, suffix: str) -> str:
        self.number += 1
        return f"{self.number}/{suffix}"

    def _add(
        self,
        kind: str,
        code: str,
        recipient_type: str,
        *,
        year: int | None = None,
        award: str = "",
        rating: str = "",
        scope: str = "",
        discipline_level: str = "",
        award_type: str = "",
        start: dt.date | None = None,
        end: dt.date | None = None,
        decided: dt.date | None = None,
        revoked: bool = False,
        revoked_on: dt.date | None = None,
        note: str = "",
    ) -> None:
        if decided is None and year is not None:
            decided = default_decision_date(year)
        row = dict.fromkeys(IMPORT_COLUMNS, "")
        row.update(
            record_kind=kind,
            recipient_type=recipient_type,
            recipient_code=code,
            award=award,
            rating=rating,
            scope=scope,
            discipline_level=discipline_level,
            award_type=award_type,
            year="" if year is None else str(year),
            start_date=_text(start),
            end_date=_text(end),
            decision_number=self._next("QĐ-TĐKT"),
            decision_date=_text(decided),
            issuer="Hội đồng Thi đua – Khen thưởng",
            revoked_by_decision=self._next("QĐ-THUHOI") if revoked else "",
            revoked_on=_text(revoked_on),
            note=note,
        )
        self.rows.append(row)


def _text(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def published_ranking(
    *,
    organiser: Agency,
    code: str,
    year: int,
    scores: list[tuple[Agency, int]],
    published_on: dt.date,
    published_at: dt.time = dt.time(9, 0),
) -> Ranking:
    """A cluster of ``year`` organised by ``organiser`` whose members scored ``scores`` (out of
    100), its ranking published on ``published_on`` at ``published_at`` (Vietnam time)."""
    members = [agency for agency, _points in scores]
    group_year = group_year_create(
        actor=None,
        organiser=organiser,
        code=code,
        name=f"Cụm thi đua {code}",
        kind=GroupKind.CLUSTER,
        values=GroupYearValues(year=year, members=members, leader=members[0]),
    )
    table = scoring_table_create_default(actor=None, group_year=group_year)
    scoring_table_import(
        actor=None,
        table=table,
        stream=io.BytesIO(RANKING_TABLE_CSV.encode()),
        filename="bang.csv",
    )
    table = scoring_table_activate(actor=None, table=table)
    criterion = table.criteria.get(code="I.1")
    for agency, points in scores:
        assessment = self_assessment_open(actor=None, table=table, agency=agency)
        self_score_save(
            actor=None,
            assessment=assessment,
            criterion=criterion,
            points=Decimal(points),
            explanation="",
            version=None,
        )
        self_assessment_submit(actor=None, assessment=assessment)
    return ranking_publish(
        actor=None,
        table=table,
        now=dt.datetime.combine(published_on, published_at, tzinfo=VN),
    )
