from django.urls import URLPattern

app_name = "worklist"
urlpatterns: list[URLPattern] = []
