from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.cases.selectors import cases_of_person
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip
from vigie.people import access, services
from vigie.people.forms import ConsentForm, ConsentWithdrawalForm, DocumentForm, PersonForm, PhoneForm


@require_http_methods(["GET"])
def person_detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, person_id)
    services.record_identity_view(actor=request.user, person=person, ip_address=client_ip(request))
    context = {
        "person": person,
        "participations": cases_of_person(request.user, person),
        "aliases": person.aliases.all(),
        "nationalities": person.nationalities.all(),
        "documents": person.documents.select_related("issuing_country"),
        "phones": person.phones.all(),
        "consents": person.consents.select_related("recorded_by", "withdrawn_by"),
    }
    return render(request, "people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, person_id)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if form.is_valid():
        values = form.person_values()
        try:
            services.update_person(
                actor=request.user, person=person, expected_version=form.cleaned_data["version"] or 0, **values
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


def _add_to_person(
    request: AuthenticatedHttpRequest, person_id: int, form_class: Any, add: Any, title: str
) -> HttpResponse:
    person = access.get_person_for_user(request.user, person_id)
    form = form_class(request.POST or None)
    if form.is_valid():
        try:
            add(person, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_item_form.html", {"form": form, "person": person, "title": title})


@require_http_methods(["GET", "POST"])
def document_add(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    return _add_to_person(
        request,
        person_id,
        DocumentForm,
        lambda person, data: services.add_identity_document(actor=request.user, person=person, **data),
        _("Add an identity document"),
    )


@require_http_methods(["GET", "POST"])
def phone_add(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    return _add_to_person(
        request,
        person_id,
        PhoneForm,
        lambda person, data: services.add_phone_number(actor=request.user, person=person, **data),
        _("Add a phone number"),
    )


@require_http_methods(["GET", "POST"])
def consent_add(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    return _add_to_person(
        request,
        person_id,
        ConsentForm,
        lambda person, data: services.record_consent(actor=request.user, person=person, **data),
        _("Record a consent"),
    )


@require_http_methods(["GET", "POST"])
def document_remove(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    document = access.get_document_for_user(request.user, document_id)
    if request.method == "POST":
        services.remove_identifier(actor=request.user, identifier=document)
        messages.success(request, _("Document removed."))
        return redirect("people:detail", person_id=document.person_id)
    return render(request, "confirm_delete.html", {"object": document, "cancel_url": _person_url(document)})


@require_http_methods(["GET", "POST"])
def phone_remove(request: AuthenticatedHttpRequest, phone_id: int) -> HttpResponse:
    phone = access.get_phone_for_user(request.user, phone_id)
    if request.method == "POST":
        services.remove_identifier(actor=request.user, identifier=phone)
        messages.success(request, _("Phone number removed."))
        return redirect("people:detail", person_id=phone.person_id)
    return render(request, "confirm_delete.html", {"object": phone, "cancel_url": _person_url(phone)})


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    consent = access.get_consent_for_user(request.user, consent_id)
    form = ConsentWithdrawalForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if form.is_valid():
        try:
            services.withdraw_consent(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent withdrawn."))
            return redirect("people:detail", person_id=consent.person_id)
    return render(
        request,
        "people/person_item_form.html",
        {
            "form": form,
            "person": consent.person,
            "title": _("Withdraw consent: %(purpose)s") % {"purpose": consent.get_purpose_display()},
        },
    )


def _person_url(item: Any) -> str:
    return reverse("people:detail", kwargs={"person_id": item.person_id})
