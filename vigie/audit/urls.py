from django.urls import path

from vigie.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_search, name="search")]
