from django.urls import path

from vigie.justice import views

app_name = "justice"
urlpatterns = [
    path("cases/<int:case_id>/proceedings/", views.proceedings, name="proceedings"),
    path("cases/<int:case_id>/proceedings/new/", views.proceeding_add, name="proceeding-add"),
    path("proceedings/<int:proceeding_id>/edit/", views.proceeding_edit, name="proceeding-edit"),
    path("proceedings/<int:proceeding_id>/status/", views.proceeding_status, name="proceeding-status"),
    path("proceedings/<int:proceeding_id>/delete/", views.proceeding_delete, name="proceeding-delete"),
    path("proceedings/<int:proceeding_id>/charges/new/", views.charge_add, name="charge-add"),
    path("charges/<int:charge_id>/edit/", views.charge_edit, name="charge-edit"),
    path("charges/<int:charge_id>/delete/", views.charge_delete, name="charge-delete"),
    path("charges/<int:charge_id>/verdicts/new/", views.verdict_add, name="verdict-add"),
    path("verdicts/<int:verdict_id>/edit/", views.verdict_edit, name="verdict-edit"),
    path("verdicts/<int:verdict_id>/delete/", views.verdict_delete, name="verdict-delete"),
    path("verdicts/<int:verdict_id>/sentence/", views.sentence, name="sentence"),
    path("proceedings/<int:proceeding_id>/hearings/new/", views.hearing_add, name="hearing-add"),
    path("hearings/<int:hearing_id>/edit/", views.hearing_edit, name="hearing-edit"),
    path("hearings/<int:hearing_id>/delete/", views.hearing_delete, name="hearing-delete"),
    path("cases/<int:case_id>/cooperation/", views.cooperation, name="cooperation"),
    path("cases/<int:case_id>/cooperation/new/", views.request_add, name="request-add"),
    path("cooperation/<int:request_id>/edit/", views.request_edit, name="request-edit"),
    path("cooperation/<int:request_id>/status/", views.request_status, name="request-status"),
    path("cooperation/<int:request_id>/delete/", views.request_delete, name="request-delete"),
]
