from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigie.reference.codelists import BenefitSought, ExploitationForm, Sector
from vigie.reference.partial_dates import PartialDateField


class CaseQuerySet(models.QuerySet["Case"]):
    def of_agencies(self, agency_ids: set[int]) -> "CaseQuerySet":
        """Cases led by these agencies or shared with them (and not revoked)."""
        # The shared case ids are read first (an agency receives a few hundred at most): with two plain
        # lists, SQLite and PostgreSQL both combine two index scans, where a subquery made PostgreSQL
        # scan every case to count a list page.
        shared = list(CaseShare.objects.active().filter(agency_id__in=agency_ids).values_list("case_id", flat=True))
        return self.filter(Q(agency_id__in=agency_ids) | Q(pk__in=shared))

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=Case.Status.CLOSED)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
        REFERRED_FOR_PROSECUTION = "referred_for_prosecution", _("Referred for prosecution")
        CLOSED = "closed", _("Closed")

    class ClosureReason(models.TextChoices):
        JUDGMENT = "judgment", _("Judgment delivered")
        NO_OFFENCE = "no_offence", _("No offence established")
        INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
        TRANSFERRED = "transferred", _("Transferred to another authority")
        DUPLICATE = "duplicate", _("Duplicate of another case")
        VICTIM_ASSISTED = "victim_assisted", _("Assistance completed, no proceedings")
        OTHER = "other", _("Other reason")

    # db_index=False: the indexes of the unique references and of the agency's list start with it.
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, related_name="cases", verbose_name=_("lead agency"), db_index=False
    )
    reference = models.CharField(_("reference"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(
        _("short title"),
        max_length=200,
        blank=True,
        help_text=_("A few words to recognise the case; do not put a victim's name here."),
    )
    status = models.CharField(_("status"), max_length=30, choices=Status, default=Status.OPEN)
    closure_reason = models.CharField(_("reason for closing"), max_length=30, choices=ClosureReason, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True, help_text=_("What happened, as reported."))
    country = models.ForeignKey(
        "reference.Country",
        models.PROTECT,
        related_name="+",
        verbose_name=_("country of detection"),
        help_text=_("Where the case was detected."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "reference"], name="cases_case_reference_unique_per_agency"),
            models.UniqueConstraint(fields=["agency", "year", "number"], name="cases_case_number_unique_per_year"),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(closure_reason=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True) & Q(closure_reason="")),
                name="cases_case_closed_iff_reason_and_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="cases_case_closed_after_opened",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-opened_on", "-id"], name="cases_case_agency_opened_idx"),
            # The order of the case list: PostgreSQL reads its first page from here instead of sorting every case.
            models.Index(fields=["-opened_on", "-id"], name="cases_case_opened_idx"),
            models.Index(fields=["status"], name="cases_case_status_idx"),
            models.Index(fields=["reference"], name="cases_case_reference_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseCounter(models.Model):
    """The last case number given by an agency in a year. Incremented under a row lock, never max()+1."""

    agency = models.ForeignKey("accounts.Agency", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="cases_casecounter_one_per_year")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_number}"


class SuspectedOffence(models.Model):
    class Offence(models.TextChoices):
        TRAFFICKING = "tip", _("Trafficking in persons")
        SMUGGLING = "som", _("Smuggling of migrants")
        DOCUMENT_FRAUD = "document_fraud", _("Document fraud")
        CHILD_LABOUR = "child_labour", _("Worst forms of child labour")
        SEXUAL_EXPLOITATION_OF_CHILDREN = "child_sexual_exploitation", _("Sexual exploitation of children")
        FORCED_LABOUR = "forced_labour", _("Forced labour (outside trafficking)")
        KIDNAPPING = "kidnapping", _("Kidnapping or abduction")
        CORRUPTION = "corruption", _("Corruption")
        MONEY_LAUNDERING = "money_laundering", _("Money laundering")
        OTHER = "other", _("Other related offence")

    case = models.ForeignKey(Case, models.CASCADE, related_name="offences", db_index=False)  # the unique's index
    offence = models.CharField(_("offence"), max_length=30, choices=Offence)

    class Meta:
        verbose_name = _("suspected offence")
        verbose_name_plural = _("suspected offences")
        constraints = [models.UniqueConstraint(fields=["case", "offence"], name="cases_suspectedoffence_no_duplicates")]
        indexes = [models.Index(fields=["offence", "case"], name="cases_offence_case_idx")]

    def __str__(self) -> str:
        return self.get_offence_display()


class CaseShareQuerySet(models.QuerySet["CaseShare"]):
    def active(self) -> "CaseShareQuerySet":
        return self.filter(revoked_at__isnull=True)


class CaseShare(models.Model):
    class Purpose(models.TextChoices):
        # Need to know: an NGO sheltering the victim sees the assistance records, not the investigation.
        ASSISTANCE = "assistance", _("Victim assistance")
        INVESTIGATION = "investigation", _("Investigation and prosecution")
        ALL = "all", _("Investigation, prosecution and victim assistance")

    case = models.ForeignKey(Case, models.CASCADE, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", models.PROTECT, related_name="shared_cases", verbose_name=_("agency"))
    purpose = models.CharField(
        _("shared for"),
        max_length=20,
        choices=Purpose,
        help_text=_("What the other agency may see besides the people and the timeline."),
    )
    reason = models.TextField(_("why it is shared"))
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("case share")
        verbose_name_plural = _("case shares")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"], condition=Q(revoked_at__isnull=True), name="cases_caseshare_one_active"
            )
        ]
        indexes = [models.Index(fields=["agency", "case"], name="cases_share_agency_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.agency_id}"


class Participant(models.Model):
    """A person's role in one case. The same person may be a victim here and a suspect elsewhere."""

    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim")
        PRESUMED_VICTIM = "presumed_victim", _("Presumed victim")
        SMUGGLED_MIGRANT = "smuggled_migrant", _("Smuggled migrant")
        SUSPECT = "suspect", _("Suspect")
        WITNESS = "witness", _("Witness")

    class SuspectRole(models.TextChoices):
        RECRUITER = "recruiter", _("Recruiter")
        TRANSPORTER = "transporter", _("Transporter")
        EXPLOITER = "exploiter", _("Exploiter")
        SMUGGLER = "smuggler", _("Smuggler")
        DOCUMENT_FORGER = "document_forger", _("Document forger")
        FINANCIER = "financier", _("Financier")
        OTHER = "other", _("Other role")

    # db_index=False: the one-role-once index starts with the case, cases_participant_person_idx with the person.
    case = models.ForeignKey(Case, models.CASCADE, related_name="participants", db_index=False)
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="participations", db_index=False)
    role = models.CharField(_("role in the case"), max_length=20, choices=Role)
    suspect_role = models.CharField(_("part played"), max_length=20, choices=SuspectRole, blank=True)
    # Facts about a victim or migrant that the legal qualification reads.
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sector = models.CharField(_("sector of exploitation"), max_length=10, choices=Sector, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    benefit_sought = models.CharField(
        _("benefit sought by the suspects"), max_length=10, choices=BenefitSought, default=BenefitSought.UNKNOWN
    )
    # An empty list above means "not known yet"; these say "asked, and none of them": the legal qualification
    # must never read an unanswered question as a "no".
    no_exploitation = models.BooleanField(
        _("no exploitation intended"),
        default=False,
        help_text=_("Tick only when it is established that none of the forms of exploitation was intended."),
    )
    no_means_of_control = models.BooleanField(
        _("no means of control used"),
        default=False,
        help_text=_(
            "Tick only when it is established that none was used: no threat, force, coercion, abduction, "
            "fraud, deception, abuse of power or of vulnerability, nor payment to a person in control."
        ),
    )
    crossed_no_border = models.BooleanField(
        _("crossed no border"),
        default=False,
        help_text=_("Tick only when it is established that the person did not cross a border in this case."),
    )
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("case participant")
        verbose_name_plural = _("case participants")
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="cases_participant_one_role_once"),
            models.CheckConstraint(
                condition=(Q(role="suspect") & ~Q(suspect_role="")) | (~Q(role="suspect") & Q(suspect_role="")),
                name="cases_participant_suspect_role_iff_suspect",
            ),
            models.CheckConstraint(
                condition=Q(no_exploitation=False) | Q(forms_of_exploitation=[]),
                name="cases_participant_no_exploitation_only_if_none_listed",
            ),
            models.CheckConstraint(
                condition=Q(no_means_of_control=False) | Q(means_of_control=[]),
                name="cases_participant_no_means_only_if_none_listed",
            ),
        ]
        indexes = [models.Index(fields=["person", "case"], name="cases_participant_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"

    @property
    def forms_of_exploitation_labels(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels.get(code, code)) for code in self.forms_of_exploitation]


class Place(models.Model):
    """Where something happened: a country and, when known, the area, the locality and coordinates."""

    country = models.ForeignKey(
        "reference.Country", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("country")
    )
    admin_area = models.CharField(_("region or district"), max_length=200, blank=True)
    locality = models.CharField(_("town, village or site"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    def place_label(self) -> str:
        parts = [self.locality, self.admin_area, str(self.country) if self.country_id else ""]
        return ", ".join(p for p in parts if p)


class Event(Place):
    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment")
        TRANSPORT = "transport", _("Transport or transit")
        HARBOURING = "harbouring", _("Harbouring")
        EXPLOITATION = "exploitation", _("Exploitation")
        INTERCEPTION = "interception", _("Interception or identification")
        RESCUE = "rescue", _("Rescue")
        RETURN = "return", _("Return")

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind)
    date = PartialDateField(_("date"), blank=True, help_text=_("2021, 2021-03 or 2021-03-12; leave empty if unknown."))
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="events", verbose_name=_("people involved")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="cases_event_both_coordinates_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class BorderCrossing(models.Model):
    class Documents(models.TextChoices):
        VALID = "valid", _("Valid documents")
        FRAUDULENT = "fraudulent", _("Fraudulent documents")
        NONE = "none", _("No documents")
        UNKNOWN = "unknown", _("Unknown")

    class Entry(models.TextChoices):
        REGULAR = "regular", _("Regular entry")
        IRREGULAR = "irregular", _("Irregular entry")
        UNKNOWN = "unknown", _("Unknown")

    case = models.ForeignKey(Case, models.CASCADE, related_name="crossings")
    from_country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("from"))
    to_country = models.ForeignKey("reference.Country", models.PROTECT, related_name="+", verbose_name=_("to"))
    date = PartialDateField(_("date"), blank=True)
    border_post = models.CharField(_("border post or place"), max_length=200, blank=True)
    documents = models.CharField(_("documents"), max_length=12, choices=Documents, default=Documents.UNKNOWN)
    entry = models.CharField(_("entry"), max_length=12, choices=Entry, default=Entry.UNKNOWN)
    procured_by = models.ForeignKey(
        Participant,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="crossings_procured",
        verbose_name=_("entry procured by"),
    )
    # No "procured by" means "not known"; this says "established: nobody procured it".
    procured_by_nobody = models.BooleanField(
        _("nobody procured the entry"),
        default=False,
        help_text=_("Tick only when it is established that the travellers crossed on their own."),
    )
    travellers = models.ManyToManyField(
        Participant, blank=True, related_name="crossings", verbose_name=_("who crossed")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("border crossing")
        verbose_name_plural = _("border crossings")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_country=models.F("to_country")), name="cases_bordercrossing_two_countries"
            ),
            models.CheckConstraint(
                condition=Q(procured_by__isnull=True) | Q(procured_by_nobody=False),
                name="cases_bordercrossing_procured_by_someone_or_nobody",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_country_id} → {self.to_country_id} {self.date}"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def pending(self) -> "DecisionQuerySet":
        return self.filter(status=Decision.Status.PROPOSED)


class Decision(models.Model):
    """A weighty decision, proposed by one person and confirmed by a second authorised person before it applies."""

    class Kind(models.TextChoices):
        VICTIM_IDENTIFICATION = "victim_identification", _("Formal identification of a victim")
        CASE_CLOSURE = "case_closure", _("Closure of the case")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for a second person")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=30, choices=Kind)
    participant = models.ForeignKey(
        "Participant", models.CASCADE, null=True, blank=True, related_name="decisions", verbose_name=_("person")
    )
    grounds = models.TextField(
        _("grounds"),
        help_text=_("What the decision rests on: the indicators found, the interview, the evidence."),
    )
    effective_on = models.DateField(_("date"))
    closure_reason = models.CharField(_("reason for closing"), max_length=30, choices=Case.ClosureReason, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # The second person is a second person: the database refuses the proposer's own confirmation.
            models.CheckConstraint(
                condition=Q(answered_by__isnull=True) | Q(status="withdrawn") | ~Q(answered_by=models.F("proposed_by")),
                name="cases_decision_answered_by_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed", answered_at__isnull=True)
                | (~Q(status="proposed") & Q(answered_at__isnull=False)),
                name="cases_decision_answered_iff_not_pending",
            ),
            models.CheckConstraint(
                condition=(Q(kind="victim_identification") & Q(participant__isnull=False) & Q(closure_reason=""))
                | (Q(kind="case_closure") & Q(participant__isnull=True) & ~Q(closure_reason="")),
                name="cases_decision_fields_match_kind",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="proposed", kind="victim_identification"),
                name="cases_decision_one_pending_identification",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="proposed", kind="case_closure"),
                name="cases_decision_one_pending_closure",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"], name="cases_decision_status_case_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} ({self.status})"
