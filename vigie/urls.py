from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from vigie.api import SchemaGeneratorOncePerLanguage

# A write that waited in vain for an import's lock outside any view: a 503 saying so (exchange/middleware.py).
handler500 = "vigie.exchange.middleware.server_error"

urlpatterns = [
    path("", include("vigie.cases.urls")),
    path("accounts/", include("vigie.accounts.urls")),
    path("people/", include("vigie.people.urls")),
    path("", include("vigie.investigations.urls")),
    path("", include("vigie.justice.urls")),
    path("", include("vigie.referrals.urls")),
    path("", include("vigie.assistance.urls")),
    path("", include("vigie.worklist.urls")),
    path("", include("vigie.qualification.urls")),
    path("", include("vigie.screening.urls")),
    path("training/", include("vigie.training.urls")),
    path("exchange/", include("vigie.exchange.urls")),
    path("audit/", include("vigie.audit.urls")),
    path("statistics/", include("vigie.analytics.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("vigie.api_urls")),
    # DRF authenticates API calls itself (session or token) and answers 401/403, not a login redirect.
    path(
        "api/schema/",
        login_not_required(SpectacularAPIView.as_view(generator_class=SchemaGeneratorOncePerLanguage)),
        name="api-schema",
    ),
]
