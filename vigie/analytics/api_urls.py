from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.analytics import apis, justice_apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(f"statistics/{name}/", login_not_required(view.as_view()), name=f"statistics-{name}")
    for name, view in (
        ("victims", apis.StatisticsVictimsApi),
        ("official", apis.StatisticsOfficialApi),
        ("flows", apis.StatisticsFlowsApi),
        ("smuggling", apis.StatisticsSmugglingApi),
        ("deaths", apis.StatisticsDeathsApi),
        ("sdg", apis.StatisticsSdgApi),
        ("justice", justice_apis.JusticeStatisticsApi),
    )
]
