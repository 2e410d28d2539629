from django.urls import path

from vigie.analytics import views

app_name = "analytics"
urlpatterns = [path("", views.statistics_overview, name="overview")]
