from django.urls import path

from vigie.analytics import report_views, views

app_name = "analytics"
urlpatterns = [
    path("", views.statistics_overview, name="overview"),
    path("report.pdf", report_views.statistics_report, name="report"),
]
