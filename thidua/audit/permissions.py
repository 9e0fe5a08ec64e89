from __future__ import annotations

from thidua.accounts.selectors import AnyUser, is_sector_manager


def can_view_audit_log(user: AnyUser) -> bool:
    """The whole trail is for system administrators and ministry officers."""
    return is_sector_manager(user)
