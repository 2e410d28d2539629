from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.cases import access, services
from vigie.cases.forms import ParticipantForm
from vigie.cases.views import case_url
from vigie.concurrency import posted_version
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip
from vigie.people.access import get_person_for_user
from vigie.people.forms import PersonForm
from vigie.people.selectors import search_persons


def _person_id(request: AuthenticatedHttpRequest) -> int:
    try:
        return int(request.GET["person"])
    except ValueError:
        raise Http404 from None


def _facts(form: ParticipantForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@require_http_methods(["GET", "POST"])
def participant_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """A new person in the case: their identity and their role, saved together."""
    case = access.get_case_for_user(request.user, case_id, write=True)
    person_form = PersonForm(request.POST or None, prefix="person")
    role_form = ParticipantForm(request.POST or None, prefix="role", initial={"benefit_sought": "unknown"})
    if request.method == "POST" and person_form.is_valid() and role_form.is_valid():
        try:
            services.add_new_person_to_case(
                actor=request.user, case=case, person_values=person_form.person_values(), **_facts(role_form)
            )
        except ValidationError as error:
            add_service_errors(person_form, error, role_form)
        else:
            messages.success(request, _("Person added to the case."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/participant_add.html", {"case": case, "person_form": person_form, "role_form": role_form}
    )


@require_http_methods(["GET", "POST"])
def participant_link(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """A person already in the register (e.g. a suspect from another case) added in a new role."""
    case = access.get_case_for_user(request.user, case_id, write=True)
    query = request.GET.get("q", "").strip()
    if query:
        services.record_listing(actor=request.user, listing="persons", query=query, ip_address=client_ip(request))
    matches = search_persons(request.user, query)[:20] if query else []
    person = get_person_for_user(request.user, _person_id(request)) if request.GET.get("person") else None
    form = ParticipantForm(request.POST or None, initial={"benefit_sought": "unknown"})
    if person is not None and form.is_valid():
        try:
            services.add_participant(actor=request.user, case=case, person=person, **_facts(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Person added to the case."))
            return redirect("cases:detail", case_id=case.pk)
    template = "cases/_person_matches.html" if request.headers.get("HX-Request") else "cases/participant_link.html"
    return render(request, template, {"case": case, "query": query, "matches": matches, "person": person, "form": form})


@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for_user(request.user, participant_id, write=True)
    initial = {name: getattr(participant, name) for name in ParticipantForm.base_fields if name != "version"}
    initial["version"] = participant.version
    form = ParticipantForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.update_participant(
                actor=request.user,
                participant=participant,
                expected_version=form.cleaned_data["version"] or 0,
                **_facts(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", case_id=participant.case_id)
    return render(
        request,
        "cases/item_form.html",
        {"form": form, "case": participant.case, "title": f"{participant.person} — {participant.get_role_display()}"},
    )


@require_http_methods(["GET", "POST"])
def participant_remove(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_for_user(request.user, participant_id, delete=True)
    if request.method == "POST":
        try:
            services.remove_participant(
                actor=request.user, participant=participant, expected_version=posted_version(request.POST)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Person removed from the case; their record is kept."))
        return redirect("cases:detail", case_id=participant.case_id)
    return render(request, "confirm_delete.html", {"object": participant, "cancel_url": case_url(participant.case_id)})
