from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """Agency kinds (DOMAIN.md §11); the codes are used in files and the API."""

    MINISTRY = "ministry", _("Bộ, ngành")
    MINISTRY_UNIT = "ministry_unit", _("Đơn vị thuộc bộ")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Ủy ban nhân dân tỉnh, thành phố")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Sở, ngành cấp tỉnh")
    DISTRICT_UNIT = "district_unit", _("Đơn vị cấp huyện (trước 01/07/2025)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    OTHER = "other", _("Khác")


class LineageKind(models.TextChoices):
    """How agencies became other agencies."""

    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển cơ quan chủ quản")


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


IDENTITY_KINDS = frozenset({LineageKind.RENAME, LineageKind.TRANSFER})
"""Lineage kinds that keep an agency's identity: the old code's records are its own
(a merge or split makes new agencies; DOMAIN.md §5 "Identity")."""
