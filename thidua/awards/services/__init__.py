"""Writes of the commendation history: imports, revocations and stored verdicts."""

from thidua.awards.services.checks import (
    checks_reevaluate,
    eligibility_check_save,
    record_revoke,
    rule_set_new_version,
)
from thidua.awards.services.decisions import (
    decision_draft,
    decision_issue,
    decision_revoke,
    decision_update,
)
from thidua.awards.services.dossier import dossier_document_attach, dossier_document_remove
from thidua.awards.services.dossier_generated import dossier_minutes_attach
from thidua.awards.services.proposals import (
    nomination_add,
    nomination_remove,
    nomination_report_save,
    proposal_prepare,
    proposal_send,
    proposal_update,
    send_problems,
)
from thidua.awards.services.records import (
    IMPORT_COLUMNS,
    RecordImportResult,
    record_import,
)
from thidua.awards.services.review import (
    council_outcomes,
    proposal_accept,
    proposal_council_session_create,
    proposal_return,
)

__all__ = [
    "IMPORT_COLUMNS",
    "RecordImportResult",
    "checks_reevaluate",
    "council_outcomes",
    "decision_draft",
    "decision_issue",
    "decision_revoke",
    "decision_update",
    "dossier_document_attach",
    "dossier_document_remove",
    "dossier_minutes_attach",
    "eligibility_check_save",
    "nomination_add",
    "nomination_remove",
    "nomination_report_save",
    "proposal_accept",
    "proposal_council_session_create",
    "proposal_prepare",
    "proposal_return",
    "proposal_send",
    "proposal_update",
    "record_import",
    "record_revoke",
    "rule_set_new_version",
    "send_problems",
]
