from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.analytics import justice_apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(
        "statistics/justice",
        login_not_required(justice_apis.JusticeStatisticsApi.as_view()),
        name="statistics-justice",
    ),
]
