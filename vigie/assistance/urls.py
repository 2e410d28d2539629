from django.urls import URLPattern, path

from vigie.assistance import views
from vigie.assistance.kinds import KINDS

app_name = "assistance"
urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/assistance/", views.assistance_page, name="page"),
    path("assistance/plans/<int:pk>/status/", views.plan_status, name="plan-status"),
    path("assistance/returns/<int:pk>/status/", views.return_status, name="return-status"),
    path("assistance/closures/<int:pk>/reopen/", views.closure_reopen, name="closure-reopen"),
]
# One add, edit and delete page per kind of record: "assistance:assessment-add", "assistance:visit-edit"…
for kind in KINDS:
    urlpatterns += [
        path(f"cases/<int:case_id>/assistance/{kind}/new/", views.record_add, {"kind": kind}, name=f"{kind}-add"),
        path(f"assistance/{kind}/<int:pk>/edit/", views.record_edit, {"kind": kind}, name=f"{kind}-edit"),
        path(f"assistance/{kind}/<int:pk>/delete/", views.record_delete, {"kind": kind}, name=f"{kind}-delete"),
    ]
