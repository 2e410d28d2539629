from django.urls import path

from vigie.referrals import views

app_name = "referrals"
urlpatterns = [
    path("providers/", views.directory, name="directory"),
    path("providers/new/", views.provider_add, name="provider-add"),
    path("providers/<int:provider_id>/edit/", views.provider_edit, name="provider-edit"),
    path("providers/<int:provider_id>/deactivate/", views.provider_deactivate, name="provider-deactivate"),
    path("cases/<int:case_id>/referrals/", views.case_referrals, name="case"),
    path("cases/<int:case_id>/referrals/new/", views.referral_add, name="referral-add"),
    path("cases/<int:case_id>/best-interests/new/", views.best_interests_add, name="best-interests-add"),
    path("cases/<int:case_id>/services/new/", views.service_add, name="service-add"),
    path("referrals/incoming/", views.incoming, name="incoming"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("referrals/<int:referral_id>/edit/", views.referral_edit, name="referral-edit"),
    path("referrals/<int:referral_id>/delete/", views.referral_delete, name="referral-delete"),
    *[
        path(
            f"referrals/<int:referral_id>/{transition}/",
            views.referral_transition,
            {"transition": transition},
            name=f"referral-{transition}",
        )
        for transition in ("accept", "decline", "start", "complete", "withdraw")
    ],
    path("services/<int:service_id>/edit/", views.service_edit, name="service-edit"),
    path("services/<int:service_id>/delete/", views.service_delete, name="service-delete"),
]
