"""Users and their role memberships."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.choices import Role


class User(AbstractUser):
    """Người dùng — an account of a person who works in thidua."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """Vai trò — a role a user holds, scoped to an agency (none for a system administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("đơn vị"),
    )
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                name="accounts_membership_unique",
                violation_error_message=_("Người dùng đã có vai trò này tại đơn vị này."),
            ),
            models.CheckConstraint(
                condition=Q(role=Role.SYSTEM_ADMIN) | Q(agency__isnull=False),
                name="accounts_membership_agency_required",
                violation_error_message=_("Vai trò này phải gắn với một đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class LoginFailure(models.Model):
    """Đăng nhập sai — one failed log-in, kept to throttle repeated guessing."""

    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("các lần đăng nhập sai")

    def __str__(self) -> str:
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"
