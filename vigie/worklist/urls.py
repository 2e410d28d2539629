from django.urls import path

from vigie.worklist import views

app_name = "worklist"
urlpatterns = [
    path("waiting/", views.waiting, name="waiting"),
    path("waiting/alerts/", views.alert_rules, name="alert-rules"),
]
