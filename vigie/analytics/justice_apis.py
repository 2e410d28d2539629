"""GET /api/v1/statistics/justice/: persons suspected, prosecuted and convicted, and the time from
identification to verdict, over the cases the caller may count — the figures of `vigie stats justice`."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts import permissions
from vigie.analytics.agency_filter import agency_to_count, cases_to_count, describe_agency
from vigie.analytics.apis import audit_api_request
from vigie.analytics.justice import (
    OFFENCES,
    JusticeFilters,
    justice_statistics,
    parse_justice_dimensions,
    protect_person_counts,
    refuse_isolating_justice_filters,
    time_to_verdict,
)
from vigie.analytics.selectors import SMALL_CELL_LIMIT
from vigie.analytics.statistics import IsolatingFilters, StatisticsError
from vigie.api import ApiAuthMixin, AuthenticatedRequest, CountryCodeField, refuse_unknown_parameters


class JusticeStatisticsApi(ApiAuthMixin, APIView):
    """Aggregates only. Roles that may not see names get 1 to 4 as "<5" and what would give them away hidden."""

    class InputSerializer(serializers.Serializer[Any]):
        by = serializers.CharField(
            default="stage",
            help_text=_("Dimensions, comma-separated: year, stage, sex, age_group, citizenship, offence."),
        )
        year_from = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
        year_to = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
        country = CountryCodeField(required=False)
        offence = serializers.ChoiceField(choices=OFFENCES, required=False)
        agency = serializers.CharField(required=False)

    class OutputSerializer(serializers.Serializer[Any]):
        rows = serializers.ListField(child=serializers.DictField())
        protected = serializers.BooleanField()
        metadata = serializers.DictField()
        time_to_verdict = serializers.DictField()

    @extend_schema(
        summary="Persons suspected, prosecuted and convicted, by any dimensions",
        parameters=[
            OpenApiParameter(
                "by", str, description="year, stage, sex, age_group, citizenship, offence, form_of_exploitation"
            ),
            OpenApiParameter("from", int, description="First year"),
            OpenApiParameter("to", int, description="Last year"),
            OpenApiParameter(
                "country", str, description="ISO alpha-2: of detection for suspects, of the court otherwise"
            ),
            OpenApiParameter("offence", str, enum=OFFENCES),
            OpenApiParameter(
                "agency",
                str,
                description=(
                    "Lead agency of the cases counted, one whose cases you may count: its code (ANLTP), or its "
                    "country and code (NG-ANLTP)"
                ),
            ),
        ],
        responses={200: OutputSerializer},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not permissions.can_view_statistics(request.user):
            raise PermissionDenied
        audit_api_request(request, protected=permissions.has_any_role(request.user, permissions.AGGREGATE_ONLY_ROLES))
        # ?from=2019&to=2023 as the command line says it; "from" cannot be a field's name in Python.
        data = {key: value for key, value in request.query_params.dict().items() if value != ""}
        for short, name in (("from", "year_from"), ("to", "year_to")):
            if short in data:
                data[name] = data.pop(short)
        given = self.InputSerializer(data=data)
        refuse_unknown_parameters(given, data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        try:
            dimensions = parse_justice_dimensions(values["by"])
        except StatisticsError as error:
            raise ValidationError({"by": [str(error)]}) from None
        try:
            agency = agency_to_count(values.get("agency"), user=request.user)
        except StatisticsError as error:
            raise ValidationError({"agency": [str(error)]}) from None
        filters = JusticeFilters(
            values.get("year_from"), values.get("year_to"), values.get("country"), values.get("offence")
        )
        cases = cases_to_count(request.user, agency)
        protect = permissions.has_any_role(request.user, permissions.AGGREGATE_ONLY_ROLES)
        if protect:
            whole = cases_to_count(request.user) if agency is not None else None
            try:
                refuse_isolating_justice_filters(cases=cases, filters=filters, unfiltered_cases=whole)
            except IsolatingFilters as refused:
                return Response({"detail": str(refused)}, status=status.HTTP_400_BAD_REQUEST)
        counts = justice_statistics(cases=cases, dimensions=dimensions, filters=filters)
        describe_agency(counts.metadata, agency)
        durations = time_to_verdict(cases=cases, filters=filters).as_dict()
        rows = counts.as_dicts()
        if protect:
            try:
                marks = protect_person_counts(counts)
            except StatisticsError as error:  # more dimensions than protection covers
                raise ValidationError({"by": [str(error)]}) from None
            rows = [
                {**row, "persons": row["persons"] if mark is None else None, "censored": mark}
                for row, mark in zip(rows, marks, strict=True)
            ]
            if 0 < durations["persons"] < SMALL_CELL_LIMIT:
                # The days of fewer than five persons' trials would point at them: only "<5" is given.
                durations = dict.fromkeys(durations) | {"persons": None, "censored": f"<{SMALL_CELL_LIMIT}"}
        body = {"rows": rows, "protected": protect, "metadata": counts.metadata, "time_to_verdict": durations}
        return Response(self.OutputSerializer(body).data)
