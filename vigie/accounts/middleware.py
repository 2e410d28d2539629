from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# What someone who must change their password may still reach: the change itself, leaving, the language.
REACHABLE_BEFORE_CHANGE = frozenset({"accounts:password-change", "accounts:logout", "set_language"})


class PasswordChangeRequiredMiddleware:
    """Someone whose password an administrator set goes nowhere until they have chosen their own.

    This reads the session's user only. API calls with a token are authenticated later, by the API view;
    setting a one-time password revokes the user's token, so a leaked one does not outlive the reset.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in REACHABLE_BEFORE_CHANGE:
            return None
        if match is not None and match.view_name.startswith("api"):
            return JsonResponse({"detail": _("Change your password on the web pages first.")}, status=403)
        return redirect("accounts:password-change")
