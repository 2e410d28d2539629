from django.urls import path

from vigie.people import views

app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/documents/new/", views.document_add, name="document-add"),
    path("<int:person_id>/phones/new/", views.phone_add, name="phone-add"),
    path("<int:person_id>/consents/new/", views.consent_add, name="consent-add"),
    path("documents/<int:document_id>/remove/", views.document_remove, name="document-remove"),
    path("phones/<int:phone_id>/remove/", views.phone_remove, name="phone-remove"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
]
