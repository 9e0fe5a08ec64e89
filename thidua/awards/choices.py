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


class ContinuityPolicy(models.TextChoices):
    """How a merged or split agency's conditions read its predecessors' records (DOMAIN.md §5)."""

    NONE = "none", _("Không kế thừa thành tích của đơn vị trước")
    ANY_PREDECESSOR = "any_predecessor", _("Một năm được tính nếu một đơn vị trước đạt")
    ALL_PREDECESSORS = "all_predecessors", _("Một năm được tính nếu mọi đơn vị trước đều đạt")
    REVIEW = "review", _("Cần xem xét khi chỉ đạt nhờ thành tích của đơn vị trước")


class ConditionKind(models.TextChoices):
    """Whether the history answers a condition (checked) or people do (attested)."""

    CHECKED = "checked", _("Kiểm tra theo dữ liệu")
    ATTESTED = "attested", _("Do người đề nghị xác nhận")


class ConditionTest(models.TextChoices):
    """The readings of a condition the engine knows (``thidua.awards.eligibility.conditions``)."""

    NO_OPEN_BLOCKER = "no_open_blocker", _("Không đang bị xem xét, kỷ luật")
    NO_DISCIPLINE_IN_YEAR = "no_discipline_in_year", _("Không bị kỷ luật trong năm xét")
    NOT_ALREADY_GRANTED = "not_already_granted", _("Chưa được tặng cho năm xét")
    FACTS_IN_YEARS = "facts_in_years", _("Đạt trong các năm liên tục")
    INITIATIVES = "initiatives", _("Có sáng kiến được công nhận")
    AWARD_BEFORE = "award_before", _("Đã được khen trước đó")
    AWARDS_COUNT = "awards_count", _("Số lần được khen trong thời gian xét")
    ANY_OF = "any_of", _("Đạt một trong các điều kiện")
    MEMBER_SHARE = "member_share", _("Tỷ lệ thành viên đạt")
    MEMBER_COUNT = "member_count", _("Số thành viên đạt")
    MEMBERS_NO_DISCIPLINE = "members_no_discipline", _("Không có thành viên bị kỷ luật")
    LEADING_UNIT = "leading_unit", _("Dẫn đầu khối, cụm thi đua")
    ATTESTED = "attested", _("Xác nhận trong hồ sơ đề nghị")


class Verdict(models.TextChoices):
    """The eligibility engine's answer for one candidate."""

    ELIGIBLE = "eligible", _("Đủ điều kiện")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
    NEEDS_REVIEW = "needs_review", _("Cần xem xét")
