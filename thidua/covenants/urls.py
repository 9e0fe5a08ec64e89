from django.urls import path

from thidua.covenants import views

app_name = "covenants"

urlpatterns = [
    path("<int:pk>/", views.covenant_detail, name="detail"),
    path("<int:pk>/sua/", views.covenant_edit, name="edit"),
    path("<int:pk>/ky-ket/", views.signing_event, name="signing_event"),
    path("<int:pk>/ky/<int:signatory_pk>/", views.sign, name="sign"),
    path("<int:pk>/xac-minh/", views.verify, name="verify"),
    path("<int:pk>/giao-uoc.pdf", views.pdf, name="pdf"),
    path("<int:pk>/giao-uoc.docx", views.docx, name="docx"),
    path("<int:pk>/<slug:action>/", views.covenant_transition, name="transition"),
]
