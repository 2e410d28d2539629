from django.urls import path

from vigie.investigations import views

app_name = "investigations"
urlpatterns = [
    path("cases/<int:case_id>/investigation/", views.case_investigations, name="case"),
    path("cases/<int:case_id>/investigation/new/", views.investigation_add, name="investigation-add"),
    path("investigations/<int:investigation_id>/edit/", views.investigation_edit, name="investigation-edit"),
    path("investigations/<int:investigation_id>/status/", views.investigation_status, name="investigation-status"),
    path("investigations/<int:investigation_id>/delete/", views.investigation_delete, name="investigation-delete"),
    path("investigations/<int:investigation_id>/arrests/new/", views.arrest_add, name="arrest-add"),
    path("arrests/<int:arrest_id>/edit/", views.arrest_edit, name="arrest-edit"),
    path("arrests/<int:arrest_id>/delete/", views.arrest_delete, name="arrest-delete"),
    path("investigations/<int:investigation_id>/seizures/new/", views.seizure_add, name="seizure-add"),
    path("seizures/<int:seizure_id>/edit/", views.seizure_edit, name="seizure-edit"),
    path("seizures/<int:seizure_id>/delete/", views.seizure_delete, name="seizure-delete"),
    path("investigations/<int:investigation_id>/money-flows/new/", views.flow_add, name="flow-add"),
    path("money-flows/<int:flow_id>/edit/", views.flow_edit, name="flow-edit"),
    path("money-flows/<int:flow_id>/delete/", views.flow_delete, name="flow-delete"),
]
