from django.urls import path

from vigie.training import views

app_name = "training"
urlpatterns = [
    path("", views.scenario_list, name="scenarios"),
    path("scenarios/<slug:scenario_id>/", views.scenario_detail, name="scenario"),
    path("attempts/<int:attempt_id>/", views.attempt_result, name="attempt"),
    path("my-scores/", views.my_scores, name="my-scores"),
    path("agency/", views.agency_scores, name="agency-scores"),
]
