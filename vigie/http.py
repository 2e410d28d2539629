import ipaddress

from django.conf import settings
from django.http import HttpRequest

from vigie.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def client_ip(request: HttpRequest) -> str | None:
    """The address to record in the audit trail.

    Behind the reverse proxy (see README), REMOTE_ADDR is the proxy and the proxy sets X-Real-IP; without
    a proxy that header is whatever the client sent, so it is read only when VIGIE_BEHIND_PROXY is on.
    """
    candidates = [request.META.get("REMOTE_ADDR")]
    if settings.BEHIND_PROXY:
        candidates.insert(0, request.META.get("HTTP_X_REAL_IP"))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None
