from django.urls import URLPattern, path

from vigie.exchange import mapping_views

urlpatterns: list[URLPattern] = [
    path("import/mappings/", mapping_views.mappings, name="mappings"),
    path("import/mappings/new/", mapping_views.mapping_new, name="mapping-new"),
    path("import/mappings/<int:mapping_id>/", mapping_views.mapping_edit, name="mapping-edit"),
]
