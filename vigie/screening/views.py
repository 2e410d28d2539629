from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigie.cases.access import CasePart, can_see_part
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest, client_ip
from vigie.screening import access, selectors, services
from vigie.screening.evidence import evidence_from_answers
from vigie.screening.forms import ScreeningForm, initial_from
from vigie.screening.indicators import INDICATORS


@require_http_methods(["GET"])
def screening_list(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_to_screen(request.user, participant_id)
    context = {
        "participant": participant,
        "case": participant.case,
        "screenings": selectors.screenings_of_participant(participant),
    }
    return render(request, "screening/screening_list.html", context)


@require_http_methods(["GET", "POST"])
def screening_add(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = access.get_participant_to_screen(request.user, participant_id, write=True)
    form = ScreeningForm(request.POST or None, initial={"screened_on": timezone.localdate()})
    if form.is_valid():
        try:
            screening = services.record_screening(
                actor=request.user, participant=participant, **form.screening_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Screening recorded."))
            return redirect("screening:detail", screening_id=screening.pk)
    title = _("Screen %(person)s for indicators of trafficking") % {"person": participant.person}
    return render(request, "screening/screening_form.html", {"form": form, "participant": participant, "title": title})


@require_http_methods(["GET", "POST"])
def screening_edit(request: AuthenticatedHttpRequest, screening_id: int) -> HttpResponse:
    screening = access.get_screening_for_user(request.user, screening_id, write=True)
    initial = initial_from(screening, services.stored_answers(screening))
    form = ScreeningForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.update_screening(
                actor=request.user, screening=screening, expected_version=form.cleaned_data["version"] or 0,
                **form.screening_values(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Screening saved."))
            return redirect("screening:detail", screening_id=screening.pk)
    title = _("Correct the screening of %(person)s") % {"person": screening.participant.person}
    context = {"form": form, "participant": screening.participant, "title": title}
    return render(request, "screening/screening_form.html", context)


@require_http_methods(["GET"])
def screening_detail(request: AuthenticatedHttpRequest, screening_id: int) -> HttpResponse:
    screening = access.get_screening_for_user(request.user, screening_id)
    services.record_screening_view(actor=request.user, screening=screening, ip_address=client_ip(request))
    stored = services.stored_answers(screening)
    answers = {code: given.answer for code, given in stored.items()}
    case = screening.case
    context = {
        "screening": screening,
        "participant": screening.participant,
        "case": case,
        "rows": [(spec, stored.get(spec.code.value)) for spec in INDICATORS],
        "evidence": evidence_from_answers(answers, screening_id=screening.pk, screened_on=screening.screened_on),
        "proposal": selectors.proposal_for(screening, answers),
        "sees_assistance": can_see_part(request.user, case, CasePart.ASSISTANCE),
    }
    return render(request, "screening/screening_detail.html", context)
