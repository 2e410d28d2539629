from django.urls import path

from vigie.analytics import views, workbook_views

app_name = "analytics"
urlpatterns = [
    path("", views.statistics_overview, name="overview"),
    path("glotip.xlsx", workbook_views.glotip_workbook, name="glotip-workbook"),
]
