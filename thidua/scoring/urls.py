from django.urls import path

from thidua.scoring import views

app_name = "scoring"

urlpatterns = [
    path("<str:code>/<int:year>/", views.table_detail, name="table"),
    path("<str:code>/<int:year>/lap-mac-dinh/", views.table_create_default, name="create_default"),
    path("<str:code>/<int:year>/sao-chep/", views.table_copy, name="copy"),
    path("<str:code>/<int:year>/ap-dung/", views.table_activate, name="activate"),
    path("<str:code>/<int:year>/nhap-tu-tep/", views.table_import, name="import"),
    path("<str:code>/<int:year>/bang-cham-diem.xlsx", views.table_xlsx, name="xlsx"),
    path("<str:code>/<int:year>/chap-hanh/", views.conduct_list, name="conduct"),
    path(
        "<str:code>/<int:year>/chap-hanh/<str:agency_code>/",
        views.conduct_edit,
        name="conduct_edit",
    ),
]
