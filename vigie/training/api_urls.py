from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.training import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path("training/scenarios/", login_not_required(apis.ScenarioListApi.as_view()), name="training-scenarios"),
    path(
        "training/scenarios/<slug:scenario_id>/attempts/",
        login_not_required(apis.AttemptRecordApi.as_view()),
        name="training-attempts",
    ),
]
