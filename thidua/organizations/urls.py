from django.urls import path

from thidua.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("them/", views.agency_edit, name="agency_create"),
    path("nhap-du-lieu/", views.data_import, name="import"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/<str:code>/", views.person_detail, name="person_detail"),
    path("<str:code>/", views.agency_detail, name="agency_detail"),
    path("<str:code>/sua/", views.agency_edit, name="agency_edit"),
]
