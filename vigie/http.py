from django.http import HttpRequest

from vigie.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy (see README), REMOTE_ADDR is the proxy; the proxy sets X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
