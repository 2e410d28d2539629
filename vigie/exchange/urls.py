from django.urls import URLPattern, path

from vigie.exchange.exports import views as export_views

app_name = "exchange"
urlpatterns: list[URLPattern] = [
    path("export/", export_views.export_cases, name="export"),
    path("export/cases/<int:case_id>/", export_views.export_case, name="export-case"),
]
