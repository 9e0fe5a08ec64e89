from django.urls import path

from thidua.emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("them/", views.group_year_edit, name="group_year_create"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/them/", views.decision_create, name="decision_create"),
    path("phong-trao/", views.movement_list, name="movement_list"),
    path("phong-trao/them/", views.movement_create, name="movement_create"),
    path("phong-trao/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("<str:code>/<int:year>/", views.group_year_detail, name="group_year"),
    path("<str:code>/<int:year>/sua/", views.group_year_edit, name="group_year_edit"),
    path("<str:code>/<int:year>/luan-phien/", views.rotation_propose, name="rotation_propose"),
    path(
        "<str:code>/<int:year>/xac-nhan-luan-phien/",
        views.rotation_confirm,
        name="rotation_confirm",
    ),
    path("<str:code>/<int:year>/chuyen-nam-sau/", views.group_year_copy, name="group_year_copy"),
]
