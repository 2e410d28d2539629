"""The REST API of the directory, referrals and services delivered: the same access rules and services."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts.models import Agency
from vigie.accounts.selectors import all_agencies
from vigie.api import (
    DELETE_VERSION,
    DELETED,
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    RegisterApiMixin,
    VersionField,
)
from vigie.cases.access import CasePart, get_case_for_user
from vigie.cases.apis import CaseParticipantField
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.http import client_ip
from vigie.referrals import access, selectors, services
from vigie.referrals.models import (
    BestInterestsDecision,
    PeopleServed,
    Referral,
    ServiceDelivery,
    ServiceKind,
    ServiceProvider,
)


@extend_schema_field(OpenApiTypes.INT)
class AgencyField(serializers.PrimaryKeyRelatedField[Agency]):
    def get_queryset(self) -> QuerySet[Agency]:
        return all_agencies()


@extend_schema_field(OpenApiTypes.INT)
class ProviderField(serializers.PrimaryKeyRelatedField[ServiceProvider]):
    def get_queryset(self) -> QuerySet[ServiceProvider]:
        return ServiceProvider.objects.all()


@extend_schema_field(OpenApiTypes.INT)
class CaseReferralField(serializers.PrimaryKeyRelatedField[Referral]):
    def get_queryset(self) -> QuerySet[Referral]:
        return Referral.objects.filter(case=self.context["case"])


# Directory ---------------------------------------------------------------------------------------


class ProviderOutputSerializer(serializers.Serializer[ServiceProvider]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ServiceKind.choices))
    country = serializers.CharField(source="country_id")
    admin_area = serializers.CharField()
    locality = serializers.CharField()
    people_served = serializers.ListField(child=serializers.ChoiceField(choices=PeopleServed.choices))
    capacity = serializers.IntegerField(allow_null=True)
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    languages = serializers.CharField()
    maintained_by = serializers.IntegerField(source="maintained_by_id")
    run_by = serializers.IntegerField(source="run_by_id", allow_null=True)
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()


class ProviderListApi(RegisterApiMixin, APIView):
    class FilterSerializer(serializers.Serializer[Any]):
        country = CountryCodeField(source="country_id", required=False)
        area = serializers.CharField(source="admin_area", required=False, help_text=_("Part of the region's name."))
        kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
        people_served = serializers.ChoiceField(choices=PeopleServed.choices, required=False)
        active_only = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        summary="The directory of service providers",
        parameters=[FilterSerializer],
        responses=ProviderOutputSerializer(many=True),
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        items = selectors.providers(selectors.ProviderFilters(**filters.validated_data))
        return self.paginated_response(request, items, ProviderOutputSerializer)


class ProviderDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A service provider", responses=ProviderOutputSerializer)
    def get(self, request: AuthenticatedRequest, provider_id: int) -> Response:
        provider = access.get_provider_for_user(request.user, provider_id)
        return Response(ProviderOutputSerializer(provider).data)


class ProviderFieldsSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ServiceKind.choices), allow_empty=False)
    country = CountryCodeField(source="country_id")
    admin_area = serializers.CharField(max_length=200, allow_blank=True, default="")
    locality = serializers.CharField(max_length=200, allow_blank=True, default="")
    people_served = serializers.ListField(
        child=serializers.ChoiceField(choices=PeopleServed.choices), allow_empty=False
    )
    capacity = serializers.IntegerField(min_value=1, allow_null=True, default=None)
    phone = serializers.CharField(max_length=20, allow_blank=True, default="")
    email = serializers.EmailField(allow_blank=True, default="")
    address = serializers.CharField(allow_blank=True, default="")
    languages = serializers.CharField(max_length=200, allow_blank=True, default="")
    run_by = AgencyField(allow_null=True, default=None, help_text=_("The agency registered in vigie that runs it."))


@extend_schema_field(OpenApiTypes.INT)
class MaintainingAgencyField(serializers.PrimaryKeyRelatedField[Agency]):
    """One of the user's agencies where they work on victim assistance, by id."""

    def get_queryset(self) -> QuerySet[Agency]:
        return selectors.agencies_adding_providers(self.context["request"].user)


class ProviderAddApi(RegisterApiMixin, APIView):
    class InputSerializer(ProviderFieldsSerializer):
        maintained_by = MaintainingAgencyField(
            required=False, help_text=_("Needed only if you work on victim assistance in several agencies.")
        )

    @extend_schema(
        summary="Add a service provider to the directory",
        request=InputSerializer,
        responses={201: ProviderOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        maintainers = selectors.agencies_adding_providers(request.user)
        if not maintainers.exists():
            raise exceptions.PermissionDenied
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        agency = values.pop("maintained_by", None)
        if agency is None:
            if maintainers.count() > 1:
                raise exceptions.ValidationError({"maintained_by": [_("Say which of your agencies maintains it.")]})
            agency = maintainers[0]
        provider = services.add_provider(actor=request.user, maintained_by=agency, **values)
        return Response(ProviderOutputSerializer(provider).data, status=status.HTTP_201_CREATED)


class ProviderUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ProviderFieldsSerializer):
        pass

    @extend_schema(summary="Correct a directory entry", request=InputSerializer, responses=ProviderOutputSerializer)
    def patch(self, request: AuthenticatedRequest, provider_id: int) -> Response:
        provider = access.get_provider_for_user(request.user, provider_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_provider(
            actor=request.user, provider=provider, expected_version=values.pop("version"), **values
        )
        return Response(ProviderOutputSerializer(provider).data)


class ProviderDeactivateApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()

    @extend_schema(
        summary="Deactivate a provider that closed; it stays in the directory for past referrals",
        request=InputSerializer,
        responses=ProviderOutputSerializer,
    )
    def post(self, request: AuthenticatedRequest, provider_id: int) -> Response:
        provider = access.get_provider_for_user(request.user, provider_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deactivate_provider(
            actor=request.user, provider=provider, expected_version=serializer.validated_data["version"]
        )
        return Response(ProviderOutputSerializer(provider).data)


# Best-interests decisions ------------------------------------------------------------------------


class BestInterestsOutputSerializer(serializers.Serializer[BestInterestsDecision]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    participant = serializers.IntegerField(source="participant_id")
    purpose = serializers.ChoiceField(choices=BestInterestsDecision.Purpose.choices)
    decided_on = serializers.DateField()
    decided_by = serializers.IntegerField(source="decided_by_id")
    decision = serializers.CharField()
    reasons = serializers.CharField()


class BestInterestsListApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="The best-interests decisions taken for a child",
        responses=BestInterestsOutputSerializer(many=True),
    )
    def get(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        child = access.get_child_for_user(request.user, participant_id)
        record_case_view(actor=request.user, case=child.case, ip_address=client_ip(request))
        return self.paginated_response(request, selectors.decisions_of_child(child), BestInterestsOutputSerializer)


class BestInterestsRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        purpose = serializers.ChoiceField(choices=BestInterestsDecision.Purpose.choices)
        decided_on = serializers.DateField()
        decision = serializers.CharField()
        reasons = serializers.CharField()

    @extend_schema(
        summary="Record a best-interests decision for a child (case workers and administrators of the lead agency)",
        request=InputSerializer,
        responses={201: BestInterestsOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        child = access.get_child_for_user(request.user, participant_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.record_best_interests_decision(
            actor=request.user, case=child.case, participant=child, **serializer.validated_data
        )
        return Response(BestInterestsOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


# Referrals ---------------------------------------------------------------------------------------


class ReferralOutputSerializer(serializers.Serializer[Referral]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    participant = serializers.IntegerField(source="participant_id")
    referring_agency = serializers.IntegerField(source="referring_agency_id")
    to_agency = serializers.IntegerField(source="to_agency_id", allow_null=True)
    to_provider = serializers.IntegerField(source="to_provider_id", allow_null=True)
    services = serializers.ListField(child=serializers.ChoiceField(choices=ServiceKind.choices))
    urgency = serializers.ChoiceField(choices=Referral.Urgency.choices)
    notes = serializers.CharField()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    reason = serializers.CharField()
    proposed_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ReferralListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Referrals of a case", responses=ReferralOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        return self.paginated_response(request, selectors.referrals_of_case(case), ReferralOutputSerializer)


class ReferralProposeApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        participant = CaseParticipantField(help_text=_("A victim, presumed victim or smuggled migrant of the case."))
        to_agency = AgencyField(required=False, allow_null=True, default=None)
        to_provider = ProviderField(required=False, allow_null=True, default=None)
        services = serializers.ListField(child=serializers.ChoiceField(choices=ServiceKind.choices))
        urgency = serializers.ChoiceField(choices=Referral.Urgency.choices, default=Referral.Urgency.ROUTINE)
        notes = serializers.CharField(allow_blank=True, default="")

    @extend_schema(
        summary="Propose a referral (needs the person's consent, or a best-interests decision for a child)",
        request=InputSerializer,
        responses={201: ReferralOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE, write=True)
        serializer = self.InputSerializer(data=request.data, context={"request": request, "case": case})
        serializer.is_valid(raise_exception=True)
        referral = services.propose_referral(actor=request.user, case=case, **serializer.validated_data)
        return Response(ReferralOutputSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A referral (the receiving agency sees it too)", responses=ReferralOutputSerializer)
    def get(self, request: AuthenticatedRequest, referral_id: int) -> Response:
        referral = access.get_referral_for_user(request.user, referral_id)
        return Response(ReferralOutputSerializer(referral).data)


class ReferralUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer):
        services = serializers.ListField(child=serializers.ChoiceField(choices=ServiceKind.choices))
        urgency = serializers.ChoiceField(choices=Referral.Urgency.choices)
        notes = serializers.CharField(allow_blank=True)

    @extend_schema(
        summary="Correct a referral still proposed", request=InputSerializer, responses=ReferralOutputSerializer
    )
    def patch(self, request: AuthenticatedRequest, referral_id: int) -> Response:
        referral = access.get_referral_for_user(request.user, referral_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_referral(
            actor=request.user, referral=referral, expected_version=values.pop("version"), **values
        )
        return Response(ReferralOutputSerializer(referral).data)


class ReferralDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a referral recorded in error", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, referral_id: int) -> Response:
        referral = access.get_referral_for_user(request.user, referral_id, delete=True)
        services.delete_referral(
            actor=request.user, referral=referral, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReferralTransitionApi(RegisterApiMixin, APIView):
    """accept, decline, start, complete (the receiving agency) and withdraw (the referring agency)."""

    transition = ""

    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        reason = serializers.CharField(allow_blank=True, default="", help_text=_("Required to decline or withdraw."))

    @extend_schema(
        summary="Move a referral along its life cycle", request=InputSerializer, responses=ReferralOutputSerializer
    )
    def post(self, request: AuthenticatedRequest, referral_id: int) -> Response:
        referral = access.get_referral_for_user(request.user, referral_id, transition=self.transition)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.move_referral(
            actor=request.user,
            referral=referral,
            transition=self.transition,
            expected_version=serializer.validated_data["version"],
            reason=serializer.validated_data["reason"],
        )
        return Response(ReferralOutputSerializer(referral).data)


class IncomingReferralListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Referrals made to the user's agencies", responses=ReferralOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        return self.paginated_response(request, selectors.incoming_referrals(request.user), ReferralOutputSerializer)


# Services delivered ------------------------------------------------------------------------------


class ServiceOutputSerializer(serializers.Serializer[ServiceDelivery]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    participant = serializers.IntegerField(source="participant_id")
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    provider = serializers.IntegerField(source="provider_id", allow_null=True)
    referral = serializers.IntegerField(source="referral_id", allow_null=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()
    version = serializers.IntegerField()


class ServiceListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Services delivered in a case", responses=ServiceOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        return self.paginated_response(request, selectors.services_of_case(case), ServiceOutputSerializer)


class ServiceRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        participant = CaseParticipantField()
        kind = serializers.ChoiceField(choices=ServiceKind.choices)
        provider = ProviderField(required=False, allow_null=True, default=None)
        referral = CaseReferralField(required=False, allow_null=True, default=None)
        started_on = serializers.DateField()
        ended_on = serializers.DateField(allow_null=True, default=None)
        notes = serializers.CharField(allow_blank=True, default="")

    @extend_schema(
        summary="Record a service delivered", request=InputSerializer, responses={201: ServiceOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.ASSISTANCE, write=True)
        serializer = self.InputSerializer(data=request.data, context={"request": request, "case": case})
        serializer.is_valid(raise_exception=True)
        service = services.record_service(actor=request.user, case=case, **serializer.validated_data)
        return Response(ServiceOutputSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer):
        kind = serializers.ChoiceField(choices=ServiceKind.choices)
        provider = ProviderField(allow_null=True)
        started_on = serializers.DateField()
        ended_on = serializers.DateField(allow_null=True)
        notes = serializers.CharField(allow_blank=True)

    @extend_schema(summary="Correct a service delivered", request=InputSerializer, responses=ServiceOutputSerializer)
    def patch(self, request: AuthenticatedRequest, service_id: int) -> Response:
        service = access.get_service_for_user(request.user, service_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_service(actor=request.user, service=service, expected_version=values.pop("version"), **values)
        return Response(ServiceOutputSerializer(service).data)


class ServiceDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a service delivered", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, service_id: int) -> Response:
        service = access.get_service_for_user(request.user, service_id, delete=True)
        services.delete_service(
            actor=request.user, service=service, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
