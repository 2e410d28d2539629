"""What the REST API shares across apps: authentication, pagination, routing, errors and common fields."""

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.concurrency import StaleEditError
from vigie.reference.models import Country
from vigie.reference.partial_dates import validate_partial_date

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class AuthenticatedRequest(Request):
    user: User


class Pagination(PageNumberPagination):
    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100


class ApiSchema(AutoSchema):
    def get_tags(self) -> list[str]:
        # "/api/v1/cases/{case_id}/events/" is tagged "cases": the first word after the version.
        words = [word for word in self.path.split("/") if word and word != "api" and not re.fullmatch(r"v\d+", word)]
        return words[:1]

    def get_serializer_name(self, serializer: serializers.BaseSerializer[Any], direction: str) -> str:
        # Every view nests an InputSerializer and an OutputSerializer: name the component after the view,
        # "CaseOpenApi.InputSerializer" -> "CaseOpenInput" (the "Serializer" suffix is dropped by the caller).
        return type(serializer).__qualname__.replace("Api.", "").replace(".", "")


class SchemaGeneratorOncePerLanguage(SchemaGenerator):
    """The API's schema is fixed by the code, so it is generated once per language (and version) in a
    process: generating it walks every endpoint and serializer and takes seconds."""

    generated: dict[tuple[str | None, str | None, bool], dict[str, Any]] = {}

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        key = (get_language(), self.api_version, public)
        if key not in self.generated:
            self.generated[key] = super().get_schema(request=request, public=public)  # type: ignore[no-untyped-call]
        return self.generated[key]


class ApiAuthMixin:
    # Token first, so that an anonymous call is answered 401 with "WWW-Authenticate: Token".
    authentication_classes: Sequence[type[BaseAuthentication]] = [TokenAuthentication, SessionAuthentication]
    permission_classes: Sequence["_PermissionClass"] = [IsAuthenticated]
    parser_classes: Sequence[type[BaseParser]] = [JSONParser]
    pagination_class = Pagination
    schema: ViewInspector | None = ApiSchema()

    def paginated_response(
        self,
        request: Request,
        items: QuerySet[Any],
        serializer_class: type[serializers.BaseSerializer[Any]],
        rows: Callable[[list[Any]], Sequence[Any]] | None = None,
    ) -> Response:
        """One page of `items`; `rows` turns the page's records into what the serializer reads (e.g. a charge
        with its verdicts), so that only the page is read in full."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, request) or []
        data = serializer_class(rows(page) if rows else page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class UsesRegister(BasePermission):
    """Analysts, national coordinators and system administrators see aggregates, never a named record."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return permissions.can_use_register(request.user)


class RegisterApiMixin(ApiAuthMixin):
    permission_classes: Sequence["_PermissionClass"] = [IsAuthenticated, UsesRegister]


def by_method(**operations: type[APIView]) -> Callable[..., HttpResponseBase]:
    """One path, one APIView per operation: `by_method(get=CaseListApi, post=CaseOpenApi)`."""
    handlers = {method.upper(): view.as_view() for method, view in operations.items()}
    if "GET" in handlers:
        handlers["HEAD"] = handlers["GET"]
    allowed = ", ".join(sorted({*handlers, "OPTIONS"}))

    # Each APIView checks CSRF itself, and only for calls authenticated by the session cookie.
    @csrf_exempt
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Another method goes to the first operation, which authenticates, then answers 405 or OPTIONS.
        handler = handlers.get(request.method or "", next(iter(handlers.values())))
        response = handler(request, *args, **kwargs)
        if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED or request.method == "OPTIONS":
            response["Allow"] = allowed
        return response

    # The schema generator documents the class found on a URL's view: give it every operation's handler.
    first = next(iter(operations.values()))
    handlers_of = {method.lower(): getattr(cls, method.lower()) for method, cls in operations.items()}
    view.cls = type("_".join(cls.__name__ for cls in operations.values()), (first,), handlers_of)  # type: ignore[attr-defined]
    view.initkwargs = {}  # type: ignore[attr-defined]
    return view


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service refusals become 400 with field messages (409 for a stale edit), in the user's language."""
    if isinstance(exc, StaleEditError):
        return Response({"detail": exc.messages[0], "code": "stale_edit"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        non_field = api_settings.NON_FIELD_ERRORS_KEY
        detail = {non_field if name == NON_FIELD_ERRORS else name: errors for name, errors in messages.items()}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


def nest_errors(error: ValidationError, *, under: str, fields: Iterable[str]) -> Exception:
    """A service's refusal about fields of a nested input (a new person in a case), moved under its name."""
    if not hasattr(error, "error_dict"):
        return error
    names = set(fields)
    messages = error.message_dict
    inner = {name: errors for name, errors in messages.items() if name in names}
    if not inner:
        return error
    outer = {name: errors for name, errors in messages.items() if name not in names}
    return exceptions.ValidationError({**outer, under: inner})


# Fields used by several apps' serializers ---------------------------------------------------------


@extend_schema_field({"type": "string", "minLength": 2, "maxLength": 2, "example": "NE"})
class CountryCodeField(serializers.Field[str, str, str, Any]):
    """A country by its ISO 3166-1 alpha-2 code, as "NE" or "NG"; read and written as the code."""

    default_error_messages = {"invalid_choice": serializers.ChoiceField.default_error_messages["invalid_choice"]}

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "" and self.allow_null:
            data = None
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> str:
        code = str(data).strip().upper()
        if not Country.objects.filter(pk=code).exists():
            self.fail("invalid_choice", input=data)
        return code

    def to_representation(self, value: Any) -> str:
        return str(value.pk if isinstance(value, Country) else value)


@extend_schema_field({"type": "array", "items": {"type": "string", "minLength": 2, "maxLength": 2}})
class CountryListField(serializers.ListField):
    """Several countries by their codes; validated into Country objects, in one query."""

    child = CountryCodeField()

    def to_internal_value(self, data: Any) -> list[Country]:
        codes = super().to_internal_value(data)
        return list(Country.objects.filter(pk__in=codes))

    def to_representation(self, data: Any) -> list[str]:
        return [str(country.pk) for country in data.all()]


class PartialDateField(serializers.CharField):
    """A date known to the year, the month or the day: "2021", "2021-03" or "2021-03-12"; "" if unknown."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown."))
        super().__init__(**kwargs)
        self.validators.append(validate_partial_date)


# The schema's answer to a DELETE that worked: no content.
DELETED = {204: None}

# A DELETE has no body: the version the client read goes in the query string.
DELETE_VERSION = OpenApiParameter(
    "version",
    int,
    description=_(
        "The version of the record you read. Given, the record is deleted only if nobody changed it since "
        "(otherwise 409 and nothing is deleted)."
    ),
)


class VersionField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "help_text",
            _(
                "Required. The version of the record you read; if someone saved it since, nothing is saved "
                "and the answer is 409."
            ),
        )
        super().__init__(**kwargs)


class ChangeSerializer(serializers.Serializer[Any]):
    """Input of a PATCH: only the fields sent change, and `version` names the version they were made on."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [self.fields["version"].error_messages["required"]]})
        checked: dict[str, Any] = super().validate(attrs)
        return checked


# The format suffix DRF reads itself (?format=json), known to every endpoint.
FRAMEWORK_PARAMETERS = frozenset({api_settings.URL_FORMAT_OVERRIDE})


def refuse_unknown_parameters(serializer: serializers.Serializer[Any], given: Iterable[str]) -> None:
    """A misspelt or unsupported parameter (agnecy=…) silently ignored would answer another question than the
    one asked — the figures of every agency, say: it is refused, with the parameters that are known."""
    known = set(serializer.fields) | FRAMEWORK_PARAMETERS
    unknown = sorted(set(given) - known)
    if unknown:
        message = _("Unknown parameter. Known: %(known)s.") % {"known": ", ".join(sorted(serializer.fields))}
        raise exceptions.ValidationError({name: [message] for name in unknown})
