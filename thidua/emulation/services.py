"""Writes of decisions, blocks and clusters by year, rotation and movements.

Each function is one transaction with one audit event; a refused call raises ``DomainError``
with a Vietnamese message and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.audit.services import audit_record
from thidua.core.errors import DomainError, IllegalTransition
from thidua.emulation.choices import GroupKind, MemberRole, MovementKind, RotationStatus
from thidua.emulation.models import (
    Decision,
    EmulationGroup,
    GroupMember,
    GroupYear,
    Movement,
    RotationProposal,
)
from thidua.emulation.selectors import default_rotation
from thidua.organizations.models import Agency
from thidua.organizations.selectors import agency_as_of

ALLOWED_DECISION_TYPES = {".pdf", ".doc", ".docx", ".png", ".jpg", ".jpeg"}
MAX_DECISION_FILE_BYTES = 20 * 1024 * 1024


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    number: str,
    issued_on: dt.date,
    issuer: Agency,
    summary: str,
    signer_name: str = "",
    signer_title: str = "",
    file: UploadedFile[bytes] | None = None,
) -> Decision:
    """Record a decision; its number must be new for the issuer in that year."""
    number = number.strip()
    if not number or not summary.strip():
        raise DomainError(_("Số, ký hiệu và trích yếu của quyết định là bắt buộc."))
    if Decision.objects.filter(issuer=issuer, year=issued_on.year, number=number).exists():
        raise DomainError(
            _("%(issuer)s đã có quyết định số %(number)s trong năm %(year)d.")
            % {"issuer": issuer, "number": number, "year": issued_on.year},
            field="number",
        )
    if file is not None:
        name = (file.name or "").lower()
        if not any(name.endswith(ext) for ext in ALLOWED_DECISION_TYPES):
            raise DomainError(_("Tệp đính kèm phải là PDF, Word hoặc ảnh."), field="file")
        if (file.size or 0) > MAX_DECISION_FILE_BYTES:
            raise DomainError(_("Tệp đính kèm lớn hơn 20 MB."), field="file")
    decision = Decision(
        number=number,
        issued_on=issued_on,
        year=issued_on.year,
        issuer=issuer,
        summary=summary.strip(),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
    )
    if file is not None:
        decision.file.save(file.name or "quyet-dinh", file, save=False)
    decision.save()
    audit_record(
        actor=actor,
        action="emulation.decision.recorded",
        target=decision,
        agency=issuer,
        payload={"number": number, "issued_on": issued_on},
    )
    return decision


@dataclass(frozen=True)
class GroupYearValues:
    """What a ministry decision sets for a group in a year."""

    year: int
    members: list[Agency]
    leader: Agency | None = None
    deputy: Agency | None = None
    decision: Decision | None = None
    leadership_decision: Decision | None = None
    note: str = ""


def group_year_errors(values: GroupYearValues) -> list[str]:
    """Every reason the year's grouping is invalid (empty when valid)."""
    errors: list[str] = []
    if not values.members:
        errors.append(_("Khối, cụm cần ít nhất một thành viên."))
    codes = [a.code for a in values.members]
    if len(set(codes)) != len(codes):
        errors.append(_("Một đơn vị được ghi hai lần trong danh sách thành viên."))
    for role, agency in ((_("Cụm trưởng"), values.leader), (_("Cụm phó"), values.deputy)):
        if agency is not None and agency.code not in codes:
            errors.append(
                _("%(role)s %(agency)s không phải là thành viên.")
                % {"role": role, "agency": agency}
            )
    if values.leader is not None and values.leader == values.deputy:
        errors.append(_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
    for decision in (values.decision, values.leadership_decision):
        if decision is not None and decision.issued_on.year > values.year:
            errors.append(
                _("Quyết định %(number)s ban hành năm %(issued)d, sau năm %(year)d mà nó áp dụng.")
                % {
                    "number": decision.number,
                    "issued": decision.issued_on.year,
                    "year": values.year,
                }
            )
    first_day, last_day = dt.date(values.year, 1, 1), dt.date(values.year, 12, 31)
    for agency in values.members:
        if (agency.valid_to is not None and agency.valid_to < first_day) or (
            agency.valid_from is not None and agency.valid_from > last_day
        ):
            errors.append(
                _("%(agency)s không hoạt động trong năm %(year)d.")
                % {"agency": agency, "year": values.year}
            )
    return errors


def _write_members(group_year: GroupYear, values: GroupYearValues) -> None:
    group_year.members.all().delete()
    GroupMember.objects.bulk_create(
        GroupMember(
            group_year=group_year,
            agency=agency,
            rotation_order=index,
            role=MemberRole.LEADER
            if agency == values.leader
            else MemberRole.DEPUTY
            if agency == values.deputy
            else MemberRole.MEMBER,
        )
        for index, agency in enumerate(values.members, start=1)
    )


@transaction.atomic
def group_year_create(
    *,
    actor: Any,
    organiser: Agency,
    code: str,
    name: str,
    kind: str,
    values: GroupYearValues,
) -> GroupYear:
    """Set up a block or cluster for a year (creating the group the first time its code is used)."""
    code = code.strip()
    if not code:
        raise DomainError(_("Mã khối, cụm là bắt buộc."), field="code")
    if kind not in GroupKind.values:
        raise DomainError(_("Loại khối, cụm không hợp lệ."), field="kind")
    errors = group_year_errors(values)
    if errors:
        raise DomainError(" ".join(errors))
    group, _created = EmulationGroup.objects.get_or_create(
        organiser=organiser, code=code, defaults={"name": name.strip() or code, "kind": kind}
    )
    if GroupYear.objects.filter(group=group, year=values.year).exists():
        raise DomainError(
            _("%(group)s đã được lập cho năm %(year)d.") % {"group": group, "year": values.year}
        )
    group_year = GroupYear.objects.create(
        group=group,
        year=values.year,
        decision=values.decision,
        leadership_decision=values.leadership_decision,
        note=values.note,
    )
    _write_members(group_year, values)
    audit_record(
        actor=actor,
        action="emulation.group_year.created",
        target=group_year,
        agency=organiser,
        payload={"code": code, "year": values.year, "members": [a.code for a in values.members]},
    )
    return group_year


@transaction.atomic
def group_year_update(*, actor: Any, group_year: GroupYear, values: GroupYearValues) -> GroupYear:
    """Replace the year's members, leader, deputy and decisions."""
    if values.year != group_year.year:
        raise DomainError(_("Không đổi được năm của khối, cụm; hãy lập năm mới."))
    errors = group_year_errors(values)
    if errors:
        raise DomainError(" ".join(errors))
    group_year.decision = values.decision
    group_year.leadership_decision = values.leadership_decision
    group_year.note = values.note
    group_year.save()
    _write_members(group_year, values)
    audit_record(
        actor=actor,
        action="emulation.group_year.updated",
        target=group_year,
        agency=group_year.group.organiser,
        payload={
            "members": [a.code for a in values.members],
            "leader": values.leader.code if values.leader else None,
            "deputy": values.deputy.code if values.deputy else None,
        },
    )
    return group_year


@transaction.atomic
def rotation_propose(
    *,
    actor: Any,
    group_year: GroupYear,
    next_leader: Agency | None = None,
    next_deputy: Agency | None = None,
) -> RotationProposal:
    """Propose next year's leader and deputy (by default the deputy leads next and the member
    after it in the rotation order becomes deputy). A confirmed proposal cannot be changed."""
    existing = RotationProposal.objects.filter(group_year=group_year).first()
    if existing is not None and existing.status == RotationStatus.CONFIRMED:
        raise IllegalTransition(_("Bộ đã xác nhận luân phiên; không sửa được đề xuất."))
    if next_leader is None or next_deputy is None:
        default_leader, default_deputy = default_rotation(group_year)
        next_leader = next_leader or default_leader
        next_deputy = next_deputy or default_deputy
    if next_leader is None or next_deputy is None:
        raise DomainError(_("Khối, cụm cần ít nhất hai thành viên để luân phiên."))
    member_ids = set(group_year.members.values_list("agency_id", flat=True))
    if next_leader.pk not in member_ids or next_deputy.pk not in member_ids:
        raise DomainError(_("Cụm trưởng và cụm phó năm sau phải là thành viên của khối, cụm."))
    if next_leader == next_deputy:
        raise DomainError(_("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
    proposal, _created = RotationProposal.objects.update_or_create(
        group_year=group_year,
        defaults={
            "next_leader": next_leader,
            "next_deputy": next_deputy,
            "status": RotationStatus.PROPOSED,
        },
    )
    audit_record(
        actor=actor,
        action="emulation.rotation.proposed",
        target=group_year,
        agency=group_year.group.organiser,
        payload={"leader": next_leader.code, "deputy": next_deputy.code},
    )
    return proposal


@transaction.atomic
def rotation_confirm(*, actor: Any, group_year: GroupYear) -> RotationProposal:
    """The ministry officer confirms the proposal (it then fixes next year's leadership)."""
    proposal = RotationProposal.objects.select_for_update().filter(group_year=group_year).first()
    if proposal is None:
        raise IllegalTransition(_("Chưa có đề xuất luân phiên để xác nhận."))
    if proposal.status == RotationStatus.CONFIRMED:
        raise IllegalTransition(_("Đề xuất luân phiên đã được xác nhận."))
    proposal.status = RotationStatus.CONFIRMED
    proposal.confirmed_by = actor
    proposal.confirmed_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="emulation.rotation.confirmed",
        target=group_year,
        agency=group_year.group.organiser,
        payload={"leader": proposal.next_leader.code, "deputy": proposal.next_deputy.code},
    )
    return proposal


@dataclass
class CopyReport:
    """What copying a year's group to the next year did, for the person who asked."""

    group_year: GroupYear
    changes: list[str] = field(default_factory=list)


@transaction.atomic
def group_year_copy(*, actor: Any, group_year: GroupYear, year: int | None = None) -> CopyReport:
    """Copy a year's members to ``year`` (default: the next), applying lineage: a member that
    no longer exists on 1 January of that year is replaced by its successor(s); the confirmed
    rotation gives the leader and deputy."""
    year = year or group_year.year + 1
    if year <= group_year.year:
        raise DomainError(_("Chỉ chuyển được sang một năm sau."))
    group = group_year.group
    if GroupYear.objects.filter(group=group, year=year).exists():
        raise DomainError(
            _("%(group)s đã được lập cho năm %(year)d.") % {"group": group, "year": year}
        )
    first_day = dt.date(year, 1, 1)
    report_changes: list[str] = []
    members: list[Agency] = []
    mapped: dict[int, list[Agency]] = {}
    for member in group_year.members.select_related("agency"):
        now = agency_as_of(member.agency, first_day)
        mapped[member.agency_id] = now
        if now != [member.agency]:
            if now:
                report_changes.append(
                    _("%(old)s được thay bằng %(new)s (theo sự kiện sáp nhập, chia tách).")
                    % {"old": member.agency, "new": ", ".join(str(a) for a in now)}
                )
            else:
                report_changes.append(
                    _("%(old)s không còn hoạt động và không có đơn vị kế thừa; đã bỏ ra.")
                    % {"old": member.agency}
                )
        for agency in now:
            if agency not in members:
                members.append(agency)
            elif now != [member.agency]:
                report_changes.append(
                    _("%(agency)s kế thừa nhiều thành viên cũ; chỉ giữ một lần.")
                    % {"agency": agency}
                )
    leader = deputy = None
    proposal = RotationProposal.objects.filter(
        group_year=group_year, status=RotationStatus.CONFIRMED
    ).first()
    if proposal is not None:
        leaders = mapped.get(proposal.next_leader_id) or agency_as_of(
            proposal.next_leader, first_day
        )
        deputies = mapped.get(proposal.next_deputy_id) or agency_as_of(
            proposal.next_deputy, first_day
        )
        leader = leaders[0] if leaders and leaders[0] in members else None
        deputy = deputies[0] if deputies and deputies[0] in members else None
        if leader is None:
            report_changes.append(
                _("Cụm trưởng đã xác nhận không còn là thành viên; cần chọn cụm trưởng.")
            )
        if deputy is None:
            report_changes.append(
                _("Cụm phó đã xác nhận không còn là thành viên; cần chọn cụm phó.")
            )
        if leader is not None and leader == deputy:
            deputy = None
            report_changes.append(
                _("Cụm trưởng và cụm phó đề xuất nay là cùng một đơn vị; cần chọn lại cụm phó.")
            )
    else:
        report_changes.append(
            _("Chưa có luân phiên được Bộ xác nhận; cụm trưởng, cụm phó để trống.")
        )
    values = GroupYearValues(year=year, members=members, leader=leader, deputy=deputy)
    if not members:
        raise DomainError(
            _("Không còn thành viên nào hoạt động vào năm %(year)d; không chuyển được.")
            % {"year": year}
        )
    new = GroupYear.objects.create(group=group, year=year)
    _write_members(new, values)
    audit_record(
        actor=actor,
        action="emulation.group_year.copied",
        target=new,
        agency=group.organiser,
        payload={"from": group_year.year, "to": year, "changes": report_changes},
    )
    return CopyReport(group_year=new, changes=report_changes)


@transaction.atomic
def movement_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    organiser: Agency,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    theme: str = "",
    launching_decision: Decision | None = None,
    targets: str = "",
    groups: list[EmulationGroup] | None = None,
) -> Movement:
    """Launch a movement (phát động phong trào thi đua)."""
    if not name.strip():
        raise DomainError(_("Tên phong trào là bắt buộc."), field="name")
    if kind not in MovementKind.values:
        raise DomainError(_("Loại phong trào không hợp lệ."), field="kind")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on")
    movement = Movement.objects.create(
        name=name.strip(),
        kind=kind,
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        theme=theme.strip(),
        launching_decision=launching_decision,
        targets=targets.strip(),
    )
    if groups:
        movement.groups.set(groups)
    audit_record(
        actor=actor,
        action="emulation.movement.created",
        target=movement,
        agency=organiser,
        payload={"name": movement.name},
    )
    return movement
