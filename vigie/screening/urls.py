from django.urls import path

from vigie.screening import views

app_name = "screening"
urlpatterns = [
    path("participants/<int:participant_id>/screenings/", views.screening_list, name="list"),
    path("participants/<int:participant_id>/screenings/new/", views.screening_add, name="add"),
    path("screenings/<int:screening_id>/", views.screening_detail, name="detail"),
    path("screenings/<int:screening_id>/edit/", views.screening_edit, name="edit"),
]
