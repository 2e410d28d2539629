from django.urls import path

from vigie.analytics import report_views, views, workbook_views

app_name = "analytics"
urlpatterns = [
    path("", views.statistics_overview, name="overview"),
    path("figures/<slug:panel>.csv", views.figure_csv, name="figure-csv"),
    path("map/west-and-central-africa.geojson", views.map_geometry, name="map"),
    path("report.pdf", report_views.statistics_report, name="report"),
    path("glotip.xlsx", workbook_views.glotip_workbook, name="glotip-workbook"),
]
