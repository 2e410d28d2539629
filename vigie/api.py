"""What the REST API shares across apps: authentication, pagination, errors."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from vigie.concurrency import StaleEditError


class ApiAuthMixin:
    authentication_classes = [SessionAuthentication, TokenAuthentication]
    permission_classes = [IsAuthenticated]


class Pagination(PageNumberPagination):
    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service refusals become 400 with field messages (409 for a stale edit), in the user's language."""
    if isinstance(exc, StaleEditError):
        return Response({"detail": exc.messages[0], "code": "stale_edit"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
