from django.urls import URLPattern, URLResolver, include, path

from vigie.exchange.exports import views as export_views

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("export/", export_views.export_cases, name="export"),
    path("export/cases/<int:case_id>/", export_views.export_case, name="export-case"),
    path("", include("vigie.exchange.mapping_urls")),
]
