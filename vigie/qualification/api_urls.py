from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.qualification import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path("qualify/", login_not_required(apis.QualifyApi.as_view()), name="qualify"),
    path(
        "cases/<int:case_id>/qualification/",
        login_not_required(apis.CaseQualificationApi.as_view()),
        name="case-qualification",
    ),
    # The issue and partners' scripts name these two without the trailing slash the rest of the API has.
    path("qualify", login_not_required(apis.QualifyAliasApi.as_view()), name="qualify-without-slash"),
    path(
        "cases/<int:case_id>/qualification",
        login_not_required(apis.CaseQualificationAliasApi.as_view()),
        name="case-qualification-without-slash",
    ),
]
