from django.urls import URLPattern, URLResolver, include, path

from vigie.exchange import views
from vigie.exchange.exports import views as export_views

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("export/", export_views.export_cases, name="export"),
    path("export/cases/<int:case_id>/", export_views.export_case, name="export-case"),
    path("imports/", views.import_list, name="imports"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<int:run_id>/", views.import_run, name="import-run"),
    path("imports/<int:run_id>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:run_id>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:run_id>/cancel/", views.import_cancel, name="import-cancel"),
    path("imports/<int:run_id>/rejected.csv", views.import_rejects, name="import-rejects"),
    path("", include("vigie.exchange.mapping_urls")),
]
