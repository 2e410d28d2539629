"""The statistics over the REST API: the same figures as `vigie stats`, counted over the cases the user may
count (analytics.selectors.countable_cases, the scope of the statistics page). For a user who holds a role
that may not see names, counts of 1 to 4 are "<5" and what would give them away is hidden ("x"): such a
figure is null, with its mark in "censored"."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.analytics.agency_filter import agency_to_count, cases_to_count, describe_agency
from vigie.analytics.disclosure import SMALL
from vigie.analytics.flows import flow_statistics, protected_flows, small_cells_legend
from vigie.analytics.sdg import SDG_DIMENSIONS, register_source, sdg_16_2_2
from vigie.analytics.selectors import SMALL_CELL_LIMIT
from vigie.analytics.services import record_statistics_view
from vigie.analytics.smuggling import (
    DEATH_DIMENSION_NAMES,
    deaths_and_disappearances,
    parse_death_dimensions,
    parse_smuggling_dimensions,
    refuse_isolating_smuggling_filters,
    smuggled_migrant_statistics,
    smuggling_routes,
)
from vigie.analytics.statistics import (
    REGISTER,
    Dimension,
    Source,
    StatisticsError,
    VictimCounts,
    VictimFilters,
    official_statistics,
    parse_dimensions,
    protect_victim_counts,
    refuse_isolating_filters,
    victim_source,
    victim_statistics,
)
from vigie.api import ApiAuthMixin, AuthenticatedRequest, CountryCodeField, refuse_unknown_parameters
from vigie.http import client_ip

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class ViewsStatistics(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return permissions.can_view_statistics(request.user)


class StatisticsApiMixin(ApiAuthMixin):
    permission_classes: Sequence["_PermissionClass"] = [IsAuthenticated, ViewsStatistics]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # Authenticated and allowed: the request is on the record before anything is counted.
        audit_api_request(request, protected=protects(request.user))  # type: ignore[arg-type]

    def handle_exception(self, exc: Exception) -> Response:
        # A question the engine cannot answer as asked (unknown source, dimension, route): 400, its message.
        if isinstance(exc, StatisticsError):
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        response: Response = super().handle_exception(exc)  # type: ignore[misc]
        return response


def audit_api_request(request: AuthenticatedRequest, *, protected: bool) -> None:
    """Every statistics request is on the record, with its parameters (analytics.services)."""
    match = request.resolver_match
    record_statistics_view(
        actor=request.user,
        figures=f"api:{match.url_name if match else request.path}",
        filters=request.query_params.dict(),
        protected=protected,
        ip_address=client_ip(request),
    )


def protects(user: User) -> bool:
    # Anyone who holds a role that may not see names anywhere gets protected figures, as on the statistics page.
    return permissions.has_any_role(user, permissions.AGGREGATE_ONLY_ROLES)


def source_for(user: User, name: str, agency: Agency | None = None) -> Source:
    """The register within the user's scope (of one lead agency, if asked), or an imported (anonymous) data set."""
    return register_source(cases_to_count(user, agency)) if name == REGISTER else victim_source(name)


def agency_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        help_text=_(
            "Lead agency of the cases counted, one whose cases you may count: its code (ANLTP), or its country "
            "and code (NG-ANLTP). The register only."
        ),
    )


def agency_of(user: User, query: serializers.Serializer[Any], source: str = REGISTER) -> Agency | None:
    return agency_to_count(query.validated_data.get("agency"), user=user, source=source)


def refuse_isolating_filters_if_protected(
    user: User, source: str, agency: Agency | None, filters: VictimFilters
) -> None:
    """For a reader whose figures are protected, statistics.refuse_isolating_filters, the lead agency one of
    the filters: its cases are compared with all those the reader may count."""
    if not protects(user):
        return
    unfiltered = source_for(user, source).victims if agency is not None else None
    refuse_isolating_filters(source_for(user, source, agency).victims, filters, unfiltered=unfiltered)


# "from" is a Python keyword: the period's fields are declared by name.
PeriodSerializer = type(
    "PeriodSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.IntegerField(required=False, min_value=1900, max_value=2100, help_text=_("First year.")),
        "to": serializers.IntegerField(required=False, min_value=1900, max_value=2100, help_text=_("Last year.")),
        "country": CountryCodeField(required=False, help_text=_("Country of detection, ISO alpha-2.")),
    },
)


class FiltersSerializer(PeriodSerializer):  # type: ignore[valid-type,misc]
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from") is not None and attrs.get("to") is not None and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"from": [_("--from comes after --to.")]})
        return attrs

    def filters(self) -> VictimFilters:
        data = self.validated_data
        return VictimFilters(data.get("from"), data.get("to"), data.get("country"))


def read_query(serializer_class: type[FiltersSerializer], request: Request) -> FiltersSerializer:
    serializer = serializer_class(data=request.query_params)
    refuse_unknown_parameters(serializer, request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer


def counts_body(counts: VictimCounts, *, protect: bool, unit: str = "victims") -> dict[str, Any]:
    rows = counts.as_dicts()
    metadata = dict(counts.metadata)
    if protect:
        marks = protect_victim_counts(counts)
        rows = [
            {**row, "victims": row["victims"] if mark is None else None, "censored": mark}
            for row, mark in zip(rows, marks, strict=True)
        ]
        metadata["small_cells"] = small_cells_legend()
        metadata["hidden_cells"] = sum(mark is not None for mark in marks)
        for key in ("victims", "rows_total"):
            if 0 < metadata.get(key, 0) < SMALL_CELL_LIMIT:
                metadata[key] = SMALL
    if unit != "victims":
        rows = [{**{k: v for k, v in row.items() if k != "victims"}, unit: row["victims"]} for row in rows]
    metadata["protected"] = protect
    return {"rows": rows, "metadata": metadata}


class RowsSerializer(serializers.Serializer[Any]):
    rows = serializers.ListField(child=serializers.DictField(), help_text=_("One object per combination of values."))
    metadata = serializers.DictField(help_text=_("Filters, counting rules, sources; which figures are hidden."))


class StatisticsVictimsApi(StatisticsApiMixin, APIView):
    class InputSerializer(FiltersSerializer):
        by = serializers.CharField(help_text=_("Dimensions, comma-separated: year, sex, age_group, citizenship…"))
        source = serializers.CharField(required=False, default=REGISTER)
        agency = agency_field()

    OutputSerializer = RowsSerializer

    @extend_schema(
        summary="Victims detected, by any combination of dimensions (as vigie stats victims)",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = read_query(self.InputSerializer, request)
        dimensions = parse_dimensions(query.validated_data["by"])
        agency = agency_of(request.user, query, query.validated_data["source"])
        source = source_for(request.user, query.validated_data["source"], agency)
        refuse_isolating_filters_if_protected(request.user, query.validated_data["source"], agency, query.filters())
        counts = victim_statistics(source=source, dimensions=dimensions, filters=query.filters())
        describe_agency(counts.metadata, agency)
        return Response(self.OutputSerializer(counts_body(counts, protect=protects(request.user))).data)


class StatisticsOfficialApi(StatisticsApiMixin, APIView):
    """UNODC's published figures: public, shown as published (UNODC already shows small counts as <5)."""

    class InputSerializer(serializers.Serializer[Any]):
        country = serializers.CharField(
            required=False, max_length=3, help_text=_("ISO alpha-3, as in the GLOTIP file.")
        )
        indicator = serializers.CharField(required=False)
        year = serializers.IntegerField(required=False)

    class OutputSerializer(serializers.Serializer[Any]):
        rows = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        summary="UNODC GLOTIP figures (as vigie stats official)",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = self.InputSerializer(data=request.query_params)
        refuse_unknown_parameters(query, request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rows = official_statistics(
            country=data["country"].upper() if data.get("country") else None,
            indicator=data.get("indicator"),
            year=data.get("year"),
        )
        return Response(self.OutputSerializer({"rows": [row.as_dict() for row in rows]}).data)


class FlowsSerializer(serializers.Serializer[Any]):
    nodes = serializers.ListField(child=serializers.DictField(), help_text=_("id, stage, step, country."))
    links = serializers.ListField(child=serializers.DictField(), help_text=_("source, target, victims."))
    routes = serializers.ListField(child=serializers.DictField(), help_text=_("origin, transit, destination, victims."))
    metadata = serializers.DictField()


class StatisticsFlowsApi(StatisticsApiMixin, APIView):
    class InputSerializer(FiltersSerializer):
        with_transit = serializers.BooleanField(required=False, default=False)
        source = serializers.CharField(required=False, default=REGISTER)
        agency = agency_field()

    OutputSerializer = FlowsSerializer

    @extend_schema(
        summary="Victims from country of origin, through transit, to destination (as vigie stats flows)",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = read_query(self.InputSerializer, request)
        agency = agency_of(request.user, query, query.validated_data["source"])
        protect = protects(request.user)
        refuse_isolating_filters_if_protected(request.user, query.validated_data["source"], agency, query.filters())
        flows = flow_statistics(
            source=query.validated_data["source"],
            cases=cases_to_count(request.user, agency),
            filters=query.filters(),
            with_transit=query.validated_data["with_transit"],
        )
        body = protected_flows(flows) if protect else flows.as_dict()
        body["metadata"]["protected"] = protect
        describe_agency(body["metadata"], agency)
        return Response(self.OutputSerializer(body).data)


class StatisticsSmugglingApi(StatisticsApiMixin, APIView):
    class InputSerializer(FiltersSerializer):
        by = serializers.CharField(
            required=False, help_text=_("year, sex, age_group, citizenship, country_of_detection.")
        )
        routes = serializers.BooleanField(required=False, default=False, help_text=_("Their routes instead."))
        with_transit = serializers.BooleanField(required=False, default=False)
        agency = agency_field()

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            attrs = super().validate(attrs)
            if bool(attrs.get("by")) == attrs["routes"]:
                raise serializers.ValidationError({"by": [_("Give --by DIM[,DIM] or --routes.")]})
            return attrs

    @extend_schema(
        summary="Smuggled migrants detected, or their routes (as vigie stats smuggling)",
        parameters=[InputSerializer],
        responses={200: RowsSerializer},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = read_query(self.InputSerializer, request)
        agency = agency_of(request.user, query)
        cases, protect = cases_to_count(request.user, agency), protects(request.user)
        if protect:
            whole = cases_to_count(request.user) if agency is not None else None
            refuse_isolating_smuggling_filters(cases=cases, filters=query.filters(), unfiltered_cases=whole)
        if query.validated_data["routes"]:
            flows = smuggling_routes(
                cases=cases, filters=query.filters(), with_transit=query.validated_data["with_transit"]
            )
            body = protected_flows(flows) if protect else flows.as_dict()
            body["metadata"]["protected"] = protect
            describe_agency(body["metadata"], agency)
            return Response(FlowsSerializer(body).data)
        dimensions = parse_smuggling_dimensions(query.validated_data["by"])
        counts = smuggled_migrant_statistics(cases=cases, dimensions=dimensions, filters=query.filters())
        describe_agency(counts.metadata, agency)
        return Response(RowsSerializer(counts_body(counts, protect=protect, unit="migrants")).data)


class StatisticsDeathsApi(StatisticsApiMixin, APIView):
    """IOM's published figures of migrants dead or missing: public, nothing of the register."""

    class InputSerializer(FiltersSerializer):
        by = serializers.CharField(required=False, default="route,year", help_text=", ".join(DEATH_DIMENSION_NAMES))
        route = serializers.CharField(required=False)

    OutputSerializer = RowsSerializer

    @extend_schema(
        summary="Migrants dead or missing on the routes, IOM Missing Migrants Project (as vigie stats deaths)",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = read_query(self.InputSerializer, request)
        data = query.validated_data
        counts = deaths_and_disappearances(
            dimensions=parse_death_dimensions(data["by"]),
            year_from=data.get("from"),
            year_to=data.get("to"),
            country=data.get("country"),
            route=data.get("route"),
        )
        return Response(self.OutputSerializer({"rows": counts.rows, "metadata": counts.metadata}).data)


class StatisticsSdgApi(StatisticsApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        country = CountryCodeField(help_text=_("Country of detection, ISO alpha-2."))
        year = serializers.IntegerField(min_value=1900, max_value=2100)
        by = serializers.ChoiceField(choices=[str(d) for d in SDG_DIMENSIONS], required=False)
        # A declared field, taken out of the class by DRF: it does not replace Field.source.
        source = serializers.CharField(required=False, default=REGISTER)  # type: ignore[assignment]
        agency = agency_field()

    class OutputSerializer(serializers.Serializer[Any]):
        country = serializers.CharField()
        year = serializers.IntegerField()
        population = serializers.IntegerField(allow_null=True)
        population_year = serializers.IntegerField(allow_null=True)
        total = serializers.DictField()
        rows = serializers.ListField(child=serializers.DictField())
        metadata = serializers.DictField()

    @extend_schema(
        summary="SDG 16.2.2: victims detected per 100,000 population (as vigie stats sdg)",
        parameters=[InputSerializer],
        responses=OutputSerializer,
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = self.InputSerializer(data=request.query_params)
        refuse_unknown_parameters(query, request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        by = Dimension(data["by"]) if data.get("by") else None
        agency = agency_of(request.user, query, data["source"])
        filters = VictimFilters(data["year"], data["year"], data["country"])
        refuse_isolating_filters_if_protected(request.user, data["source"], agency, filters)
        indicator = sdg_16_2_2(
            country=data["country"], year=data["year"], by=by, source=source_for(request.user, data["source"], agency)
        )
        body = indicator.as_dict()
        describe_agency(body["metadata"], agency)
        protect = protects(request.user)
        if protect:
            # A rate gives its count away (rate times population): hidden with it.
            if 0 < indicator.total.victims < SMALL_CELL_LIMIT:
                body["total"] = {"victims": None, "rate": None, "censored": SMALL}
            if by is not None:
                marks = protect_victim_counts(indicator.counts)
                body["rows"] = [
                    {**row, "censored": mark} | ({"victims": None, "rate": None} if mark else {})
                    for row, mark in zip(body["rows"], marks, strict=True)
                ]
            body["metadata"]["small_cells"] = small_cells_legend()
        body["metadata"]["protected"] = protect
        return Response(self.OutputSerializer(body).data)
