from django.urls import path

from vigie.cases import decision_views, participant_views, views

app_name = "cases"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/<int:case_id>/", views.case_detail, name="detail"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="edit"),
    path("cases/<int:case_id>/status/", views.case_status, name="status"),
    path("cases/<int:case_id>/share/", views.case_share, name="share"),
    path("cases/<int:case_id>/delete/", views.case_delete, name="delete"),
    path("shares/<int:share_id>/revoke/", views.share_revoke, name="share-revoke"),
    path("cases/<int:case_id>/people/new/", participant_views.participant_add, name="participant-add"),
    path("cases/<int:case_id>/people/link/", participant_views.participant_link, name="participant-link"),
    path("participants/<int:participant_id>/edit/", participant_views.participant_edit, name="participant-edit"),
    path("participants/<int:participant_id>/remove/", participant_views.participant_remove, name="participant-remove"),
    path(
        "participants/<int:participant_id>/identification/",
        decision_views.identification_propose,
        name="identification-propose",
    ),
    path("decisions/<int:decision_id>/confirm/", decision_views.decision_confirm, name="decision-confirm"),
    path("decisions/<int:decision_id>/reject/", decision_views.decision_reject, name="decision-reject"),
    path("decisions/<int:decision_id>/withdraw/", decision_views.decision_withdraw, name="decision-withdraw"),
    path("cases/<int:case_id>/events/new/", views.event_add, name="event-add"),
    path("events/<int:event_id>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:event_id>/delete/", views.event_delete, name="event-delete"),
    path("cases/<int:case_id>/crossings/new/", views.crossing_add, name="crossing-add"),
    path("crossings/<int:crossing_id>/edit/", views.crossing_edit, name="crossing-edit"),
    path("crossings/<int:crossing_id>/delete/", views.crossing_delete, name="crossing-delete"),
]
