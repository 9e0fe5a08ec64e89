"""Codes of the award catalogue and of the commendation history (DOMAIN.md §4, §5, §11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    """Whether a catalogue entry is an emulation title or a form of commendation."""

    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class Recipients(models.TextChoices):
    """Who may receive a title or form."""

    COLLECTIVE = "collective", _("Tập thể")
    PERSON = "person", _("Cá nhân")
    BOTH = "both", _("Tập thể và cá nhân")


class RecipientType(models.TextChoices):
    """The kind of recipient named in a file row (``household`` later)."""

    PERSON = "person", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class AwardLevel(models.TextChoices):
    """The level of the authority that confers a title or form."""

    UNIT = "unit", _("Cấp cơ sở")
    MINISTRY_PROVINCE = "ministry_province", _("Cấp bộ, ngành, tỉnh")
    NATIONAL = "national", _("Cấp nhà nước")


class RecordKind(models.TextChoices):
    """What a history record says about its recipient."""

    AWARD = "award", _("Khen thưởng")
    RATING = "rating", _("Xếp loại chất lượng")
    INITIATIVE = "initiative", _("Sáng kiến")
    DISCIPLINE = "discipline", _("Kỷ luật")
    BLOCKER = "blocker", _("Đang bị xem xét (thanh tra, kiểm tra, khiếu nại, kỷ luật)")


class Rating(models.TextChoices):
    """The annual quality rating (xếp loại chất lượng), best first."""

    HTXSNV = "htxsnv", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "httnv", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "htnv", _("Hoàn thành nhiệm vụ")
    KHTNV = "khtnv", _("Không hoàn thành nhiệm vụ")


class InitiativeScope(models.TextChoices):
    """Where an initiative was recognised."""

    CO_SO = "co_so", _("Cấp cơ sở")
    BO = "bo", _("Cấp bộ, ngành, tỉnh")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


class DisciplineLevel(models.TextChoices):
    """A person's sanction, mildest first (DOMAIN.md §5)."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")
    KHAI_TRU = "khai_tru", _("Khai trừ")


class AwardType(models.TextChoices):
    """The type of an award (Law 06/2022/QH15 Art. 8)."""

    CONG_TRANG = "cong_trang", _("Khen thưởng theo công trạng")
    DOT_XUAT = "dot_xuat", _("Khen thưởng đột xuất")
    CHUYEN_DE = "chuyen_de", _("Khen thưởng theo chuyên đề")
    CONG_HIEN = "cong_hien", _("Khen thưởng quá trình cống hiến")
    DOI_NGOAI = "doi_ngoai", _("Khen thưởng đối ngoại")
