from django.db import models
from django.utils.translation import gettext_lazy as _


class CovenantStatus(models.TextChoices):
    """Draft → finalised (text fixed, PDF made, signing open) → published (immutable);
    a published covenant later replaced by a new one becomes superseded."""

    DRAFT = "draft", _("Dự thảo")
    FINALISED = "finalised", _("Đã chốt, đang ký")
    PUBLISHED = "published", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# The one place that says which moves are allowed.
TRANSITIONS: dict[str, set[str]] = {
    CovenantStatus.DRAFT: {CovenantStatus.FINALISED},
    CovenantStatus.FINALISED: {CovenantStatus.PUBLISHED, CovenantStatus.DRAFT},
    CovenantStatus.PUBLISHED: {CovenantStatus.SUPERSEDED},
    CovenantStatus.SUPERSEDED: set(),
}
