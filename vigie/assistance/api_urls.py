from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from vigie.api import by_method
from vigie.assistance import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns: list[URLPattern] = [
    path(
        "assistance/plans/<int:pk>/status/",
        login_not_required(apis.PlanStatusApi.as_view()),
        name="assistance-plan-status",
    ),
    path(
        "assistance/returns/<int:pk>/status/",
        login_not_required(apis.ReturnStatusApi.as_view()),
        name="assistance-return-status",
    ),
    path(
        "assistance/closures/<int:pk>/reopen/",
        login_not_required(apis.ClosureReopenApi.as_view()),
        name="assistance-closure-reopen",
    ),
]
PLURALS = {
    "assessment": "assessments",
    "reflection": "reflection-periods",
    "plan": "plans",
    "family": "family-assessments",
    "return": "returns",
    "visit": "visits",
    "closure": "closures",
}
# Per kind: "api:assistance-assessments" (GET list, POST) and "api:assistance-assessment" (GET, PATCH, DELETE).
for kind, ops in apis.RECORD_APIS.items():
    urlpatterns += [
        path(
            f"cases/<int:case_id>/assistance/{PLURALS[kind]}/",
            login_not_required(by_method(get=ops["list"], post=ops["create"])),
            name=f"assistance-{PLURALS[kind]}",
        ),
        path(
            f"assistance/{PLURALS[kind]}/<int:pk>/",
            login_not_required(by_method(get=ops["detail"], patch=ops["update"], delete=ops["delete"])),
            name=f"assistance-{kind}",
        ),
    ]
