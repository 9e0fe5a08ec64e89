from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from thidua.api.api import api
from thidua.covenants import views as covenant_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("thidua.core.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("don-vi/", include("thidua.organizations.urls")),
    path(
        "cum-thi-dua/<str:code>/<int:year>/giao-uoc/",
        covenant_views.covenant_of_year,
        name="covenant_of_year",
    ),
    path("cum-thi-dua/", include("thidua.emulation.urls")),
    path("giao-uoc/", include("thidua.covenants.urls")),
    path("cham-diem/", include("thidua.scoring.urls")),
    path("bieu-quyet/", include("thidua.voting.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("nhat-ky/", include("thidua.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]

handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
