from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("vigie.cases.api_urls")),
    path("", include("vigie.people.api_urls")),
    path("", include("vigie.investigations.api_urls")),
    path("", include("vigie.justice.api_urls")),
    path("", include("vigie.referrals.api_urls")),
    path("", include("vigie.assistance.api_urls")),
    path("", include("vigie.qualification.api_urls")),
    path("", include("vigie.screening.api_urls")),
    path("", include("vigie.training.api_urls")),
    path("", include("vigie.exchange.api_urls")),
    path("", include("vigie.analytics.api_urls")),
]
