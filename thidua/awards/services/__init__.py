"""Writes of the commendation history: imports, revocations and stored verdicts."""

from thidua.awards.services.checks import (
    checks_reevaluate,
    eligibility_check_save,
    record_revoke,
    rule_set_new_version,
)
from thidua.awards.services.records import (
    IMPORT_COLUMNS,
    RecordImportResult,
    record_import,
)

__all__ = [
    "IMPORT_COLUMNS",
    "RecordImportResult",
    "checks_reevaluate",
    "eligibility_check_save",
    "record_import",
    "record_revoke",
    "rule_set_new_version",
]
