"""The REST API for persons and their consents: the same access rules, services and audit as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.api import (
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    CountryListField,
    PartialDateField,
    RegisterApiMixin,
)
from vigie.cases.selectors import cases_of_person
from vigie.cases.services import record_listing
from vigie.http import client_ip
from vigie.people import access, services
from vigie.people.models import Consent, IdentityDocument, Person
from vigie.people.selectors import search_persons
from vigie.reference.codelists import Sex


@extend_schema_field(OpenApiTypes.INT)
class VisiblePersonField(serializers.PrimaryKeyRelatedField[Person]):
    """A person already in the register, by id, among those the user may see."""

    def get_queryset(self) -> QuerySet[Person]:
        return access.persons_visible_to(self.context["request"].user)


class PersonInputSerializer(serializers.Serializer[Any]):
    """A person's identity as the people services take it."""

    given_names = serializers.CharField(max_length=200, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = PartialDateField(default="")
    estimated_age = serializers.IntegerField(min_value=0, max_value=120, allow_null=True, default=None)
    age_estimated_on = serializers.DateField(allow_null=True, default=None)
    nationalities = CountryListField(default=list)
    languages = serializers.CharField(max_length=200, allow_blank=True, default="")
    origin_country = CountryCodeField(source="origin_country_id", allow_null=True, default=None)
    origin_area = serializers.CharField(max_length=200, allow_blank=True, default="")
    origin_locality = serializers.CharField(max_length=200, allow_blank=True, default="")
    residence_country = CountryCodeField(source="residence_country_id", allow_null=True, default=None)
    residence_area = serializers.CharField(max_length=200, allow_blank=True, default="")
    residence_locality = serializers.CharField(max_length=200, allow_blank=True, default="")
    lawful_permanent_resident = serializers.BooleanField(
        allow_null=True, default=None, help_text=Person._meta.get_field("lawful_permanent_resident").help_text
    )


class PersonSummaryOutputSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.CharField()


class DocumentOutputSerializer(serializers.Serializer[IdentityDocument]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    issuing_country = serializers.CharField(source="issuing_country_id", allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    is_fraudulent = serializers.BooleanField(allow_null=True)


class PhoneOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.CharField()
    note = serializers.CharField()


class ParticipationOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_reference = serializers.CharField(source="case.reference")
    role = serializers.CharField()


class PersonOutputSerializer(serializers.Serializer[Person]):
    """A person's identifying details: the view that returns them puts the look on the audit trail."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    aliases = serializers.SerializerMethodField()
    sex = serializers.CharField()
    date_of_birth = serializers.CharField()
    estimated_age = serializers.IntegerField(allow_null=True)
    age_estimated_on = serializers.DateField(allow_null=True)
    nationalities = CountryListField()
    languages = serializers.CharField()
    origin_country = serializers.CharField(source="origin_country_id", allow_null=True)
    origin_area = serializers.CharField()
    origin_locality = serializers.CharField()
    residence_country = serializers.CharField(source="residence_country_id", allow_null=True)
    residence_area = serializers.CharField()
    residence_locality = serializers.CharField()
    lawful_permanent_resident = serializers.BooleanField(allow_null=True)
    recorded_by_agency = serializers.IntegerField(source="recorded_by_agency_id")
    documents = DocumentOutputSerializer(many=True, source="documents.all")
    phones = PhoneOutputSerializer(many=True, source="phones.all")
    participations = serializers.SerializerMethodField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    def get_aliases(self, person: Person) -> list[str]:
        return sorted(alias.name for alias in person.aliases.all())

    @extend_schema_field(ParticipationOutputSerializer(many=True))
    def get_participations(self, person: Person) -> Any:
        participations = cases_of_person(self.context["request"].user, person)
        return ParticipationOutputSerializer(participations, many=True).data


def person_output(request: AuthenticatedRequest, person: Person) -> dict[str, Any]:
    return PersonOutputSerializer(person, context={"request": request}).data


class PersonListApi(RegisterApiMixin, APIView):
    class FilterSerializer(serializers.Serializer[Any]):
        q = serializers.CharField(
            required=False, allow_blank=True, help_text=_("A name or alias; case and accents are ignored.")
        )

    @extend_schema(
        summary="Persons the user may see, found by name or alias",
        parameters=[FilterSerializer],
        responses=PersonSummaryOutputSerializer(many=True),
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        query = filters.validated_data.get("q", "").strip()
        record_listing(actor=request.user, listing="persons", query=query, ip_address=client_ip(request))
        persons = search_persons(request.user, query)
        return self.paginated_response(request, persons, PersonSummaryOutputSerializer)


class PersonDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A person's identifying details (the look is audited)", responses=PersonOutputSerializer)
    def get(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = access.get_person_for_user(request.user, person_id)
        services.record_identity_view(actor=request.user, person=person, ip_address=client_ip(request))
        return Response(person_output(request, person))


class PersonUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, PersonInputSerializer):
        pass

    @extend_schema(summary="Correct a person's identity", request=InputSerializer, responses=PersonOutputSerializer)
    def patch(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = access.get_person_for_user(request.user, person_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_person(actor=request.user, person=person, expected_version=values.pop("version"), **values)
        return Response(person_output(request, person))


# Consents -----------------------------------------------------------------------------------------


class ConsentOutputSerializer(serializers.Serializer[Consent]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=Consent.Method.choices)
    note = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    recorded_at = serializers.DateTimeField()
    withdrawn_on = serializers.DateField(allow_null=True)
    withdrawn_by = serializers.IntegerField(source="withdrawn_by_id", allow_null=True)


class ConsentListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="What the person consented to", responses=ConsentOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = access.get_person_for_user(request.user, person_id)
        return self.paginated_response(request, person.consents.all(), ConsentOutputSerializer)


class ConsentRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
        given_on = serializers.DateField()
        method = serializers.ChoiceField(choices=Consent.Method.choices)
        note = serializers.CharField(allow_blank=True, default="")

    @extend_schema(summary="Record a consent", request=InputSerializer, responses={201: ConsentOutputSerializer})
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = access.get_person_for_user(request.user, person_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = services.record_consent(actor=request.user, person=person, **serializer.validated_data)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        withdrawn_on = serializers.DateField(default=timezone.localdate, help_text=_("Today if not given."))

    @extend_schema(summary="Withdraw a consent", request=InputSerializer, responses=ConsentOutputSerializer)
    def post(self, request: AuthenticatedRequest, consent_id: int) -> Response:
        consent = access.get_consent_for_user(request.user, consent_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.withdraw_consent(actor=request.user, consent=consent, **serializer.validated_data)
        return Response(ConsentOutputSerializer(consent).data)
