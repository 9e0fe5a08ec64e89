"""Covenants (giao ước thi đua): versioned drafts, comments, signatories and signatures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.core.models import TimeStampedModel
from thidua.covenants.choices import CovenantStatus


class Covenant(TimeStampedModel):
    """Giao ước thi đua — the yearly covenant the members of a block or cluster sign."""

    group_year = models.ForeignKey(
        "emulation.GroupYear",
        on_delete=models.PROTECT,
        related_name="covenants",
        verbose_name=_("khối, cụm của năm"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=CovenantStatus.choices,
        default=CovenantStatus.DRAFT,
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("thay thế giao ước"),
    )
    signing_date = models.DateField(_("ngày ký kết"), null=True, blank=True)
    signing_place = models.CharField(_("địa điểm ký kết"), max_length=200, blank=True)
    document = models.FileField(
        _("tệp PDF giao ước"),
        upload_to="covenants/%Y/",
        blank=True,
        help_text=_("Bản PDF đã chốt; mỗi chữ ký số được thêm vào tệp này theo lượt."),
    )
    document_sha256 = models.CharField(_("mã băm bản đã chốt"), max_length=64, blank=True)
    finalised_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("các giao ước thi đua")
        ordering = ["-group_year__year", "-id"]

    def __str__(self) -> str:
        return f"Giao ước thi đua {self.group_year}"

    @property
    def current_version(self) -> CovenantVersion | None:
        return self.versions.order_by("-number").first()


class CovenantVersion(models.Model):
    """Phiên bản dự thảo giao ước — one saved text of the covenant; a new edit is a new version."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="versions", verbose_name=_("giao ước")
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    title = models.CharField(_("tên văn bản"), max_length=300)
    theme = models.CharField(_("chủ đề"), max_length=500)
    legal_bases = models.TextField(_("căn cứ"), blank=True, help_text=_("Mỗi căn cứ một dòng."))
    goals = models.TextField(_("mục tiêu"), blank=True)
    closing = models.TextField(_("cam kết"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người soạn"),
    )
    created_at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản giao ước")
        verbose_name_plural = _("các phiên bản giao ước")
        ordering = ["covenant", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "number"],
                name="covenants_version_number_unique",
                violation_error_message=_("Phiên bản này đã tồn tại."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.covenant} — phiên bản {self.number}"


class CovenantItem(models.Model):
    """Nội dung, chỉ tiêu thi đua — a content item (target) of one covenant version."""

    version = models.ForeignKey(
        CovenantVersion,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("phiên bản"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    is_measurable = models.BooleanField(_("đo đếm được"), default=False)
    target = models.CharField(
        _("chỉ tiêu"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: 100% hoặc ≥ 95% hồ sơ đúng hạn"),
    )

    class Meta:
        verbose_name = _("nội dung giao ước")
        verbose_name_plural = _("các nội dung giao ước")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"


class CovenantComment(models.Model):
    """Góp ý dự thảo — a member officer's comment on a draft version."""

    version = models.ForeignKey(
        CovenantVersion,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("phiên bản"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người góp ý"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị góp ý"),
    )
    text = models.TextField(_("nội dung góp ý"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("các góp ý dự thảo")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.text[:60]}"


class Signatory(models.Model):
    """Người ký giao ước — a member's signatory at the signing event, and their two signatures:
    the in-app confirmation by the member's leader and the digital (PAdES) signature."""

    covenant = models.ForeignKey(
        Covenant,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("giao ước"),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("họ và tên người ký"), max_length=200, blank=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận ký"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký số"),
    )
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    signature_field = models.CharField(_("trường chữ ký"), max_length=100, blank=True)
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người ký giao ước")
        verbose_name_plural = _("những người ký giao ước")
        ordering = ["covenant", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "agency"],
                name="covenants_signatory_one_per_member",
                violation_error_message=_("Mỗi đơn vị chỉ có một người ký."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency}"


class SigningKey(TimeStampedModel):
    """Chứng thư số của đơn vị — a member's own PKCS#12 signing key, sealed at rest.

    The password is never stored: the signer types it each time.
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="signing_keys",
        verbose_name=_("đơn vị"),
    )
    sealed_pkcs12 = models.BinaryField(_("tệp PKCS#12 đã mã hóa"))
    subject = models.CharField(_("chủ thể"), max_length=300)
    issuer = models.CharField(_("tổ chức cấp"), max_length=300)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chứng thư số của đơn vị")
        verbose_name_plural = _("chứng thư số của đơn vị")
        ordering = ["agency", "-not_after"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.not_after:%d/%m/%Y})"


class TrustedRoot(TimeStampedModel):
    """Tổ chức cung cấp dịch vụ chứng thực tin cậy — a root certificate the verification
    page trusts (the national root, a ministry's CA, or the demo's test CA)."""

    name = models.CharField(_("tên"), max_length=200)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("các chứng thư gốc tin cậy")

    def __str__(self) -> str:
        return self.name
