from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DataSet(models.Model):
    """A named collection of anonymous statistical records (CTDC victims, UNODC figures), kept apart from
    the register of cases: nothing in it names or identifies a person."""

    class Kind(models.TextChoices):
        CTDC_GLOBAL_2018 = "ctdc_global_2018", _("CTDC global data set, 2018/2020 layout (62 variables)")
        CTDC_DERIVED_10 = "ctdc_derived_10", _("CTDC global data set, derived 10-column copy")
        CTDC_SYNTHETIC_2024 = "ctdc_synthetic_2024", _("CTDC global synthetic data set, 2024 layout")
        CTDC_VICTIM_PERPETRATOR = "ctdc_victim_perpetrator", _("CTDC victim-perpetrator synthetic data set")
        GLOTIP = "glotip", _("UNODC GLOTIP country figures")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    source = models.CharField(_("source"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def finished(self) -> "ImportRunQuerySet":
        return self.exclude(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING])


class ImportRun(models.Model):
    """One file brought in (or checked, for a dry run): who, which file, and what became of each row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind of file"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    agency = models.ForeignKey(
        "accounts.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    dataset = models.ForeignKey(
        DataSet, models.PROTECT, null=True, blank=True, related_name="runs", verbose_name=_("data set")
    )
    # PROTECT: as in the audit trail, a user who imported is deactivated, never deleted.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    started_by_name = models.CharField(_("user name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    dry_run = models.BooleanField(_("check only, import nothing"), default=False)
    # A check of the first rows only (the mapping page's, made while the user waits): at most this many read.
    first_rows = models.PositiveIntegerField(_("first rows only"), null=True, blank=True)
    keep_valid = models.BooleanField(_("import the valid rows even if some are rejected"), default=False)
    language = models.CharField(_("language of the messages"), max_length=10, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped as duplicates"), default=0)
    # Rows of a case that was imported, then deleted in vigie (or of a person removed from such a case): a
    # later file still holding them (edited since) does not bring them back. Counted apart: they are not
    # duplicates, and nothing in them is wrong.
    rows_of_deleted_cases = models.PositiveIntegerField(
        _("rows of cases deleted or persons removed in vigie"), default=0
    )
    # Columns of the file that the import does not read (an unknown or misspelt field name, a field vigie
    # leaves out on purpose): said, not dropped silently.
    ignored_columns = models.JSONField(_("columns not imported"), default=list, blank=True)
    rows_done = models.PositiveIntegerField(_("rows processed so far"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancellation requested"), default=False)
    # Who pressed "Cancel" (not always who started the import): the audit event names them.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    error_summary = models.TextField(_("error"), blank=True)
    # Web imports: the uploaded file waits under VAR_DIR (path relative to it) until its import ends.
    stored_path = models.CharField(_("stored file"), max_length=255, blank=True)
    dataset_name = models.CharField(_("name of the data set"), max_length=100, blank=True)
    rejects_path = models.CharField(_("file of the rejected rows"), max_length=255, blank=True)
    # The first valid rows of a check, shown before the user confirms; emptied once the file is dealt with.
    preview = models.JSONField(_("first valid rows"), default=list, blank=True)
    checked_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("check of this file")
    )
    # A spreadsheet is read through its column mapping; kept so the worker reads it as the user checked it.
    mapping = models.ForeignKey(
        "exchange.ColumnMapping",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("column mapping"),
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Nothing is dropped silently: every row read is imported, rejected, a known duplicate or a row
            # of a case deleted in vigie.
            models.CheckConstraint(
                condition=Q(
                    rows_read=F("rows_imported") + F("rows_rejected") + F("rows_skipped") + F("rows_of_deleted_cases")
                ),
                name="exchange_importrun_counts_add_up",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="exchange_run_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.get_status_display()})"


class RejectedRow(models.Model):
    """Why one cell of one row was refused, as shown to the user (in the language of the run)."""

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="rejected_rows", verbose_name=_("import"))
    row_number = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=200, blank=True)
    value = models.TextField(_("value"), blank=True)
    message = models.TextField(_("problem"))

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["run", "row_number", "id"]

    def __str__(self) -> str:
        return f"{self.row_number} {self.column}: {self.message}"


class SourceRowKey(models.Model):
    """The stable key of a source row already brought into a target (a data set, an agency's register):
    importing the same file, or an overlapping one, again skips those rows instead of duplicating them."""

    target = models.CharField(_("target"), max_length=60)
    key = models.CharField(_("key"), max_length=100)
    run = models.ForeignKey(ImportRun, models.PROTECT, related_name="+", verbose_name=_("import"))

    class Meta:
        verbose_name = _("imported source row")
        verbose_name_plural = _("imported source rows")
        constraints = [models.UniqueConstraint(fields=["target", "key"], name="exchange_sourcerowkey_unique")]

    def __str__(self) -> str:
        return f"{self.target} {self.key}"


class ImportedCase(models.Model):
    """A case number of an imported file (HTCDS cas_CaseNumber, a spreadsheet's mapped case number), with
    its origin's prefix ("HTCDS 12", "Source 12"), and the case of the agency it became: rows
    with that number in a later batch or a later file join this case. Looked up through its unique index,
    not by the case's title, which users may change and which is not indexed.

    Without a case, the case was deleted in vigie: the number stays, so that a later file still holding
    the case does not bring it back (a row edited since is a new row, not a duplicate)."""

    # db_index=False: the unique (agency, number) index starts with it.
    agency = models.ForeignKey(
        "accounts.Agency", models.CASCADE, related_name="+", verbose_name=_("agency"), db_index=False
    )
    number = models.CharField(_("case number in the source"), max_length=150)
    case = models.ForeignKey(
        "cases.Case", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("imported case number")
        verbose_name_plural = _("imported case numbers")
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="exchange_importedcase_unique")]

    def __str__(self) -> str:
        return self.number


class VictimRecord(models.Model):
    """One anonymous CTDC record, with the source's own codes: age bands and regions stay as written (no
    invented precision), and a missing value stays missing (null), never a guess."""

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="victim_records", verbose_name=_("data set"))
    run = models.ForeignKey(ImportRun, models.PROTECT, related_name="+", verbose_name=_("import"))
    row_number = models.PositiveIntegerField(_("row in the file"))
    year_of_registration = models.CharField(
        _("year of registration"), max_length=9, null=True, blank=True, help_text=_("A year or a range: 2014-2018.")
    )
    data_source = models.CharField(_("data source"), max_length=40, null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=40, null=True, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, null=True, blank=True)
    majority_status = models.CharField(_("adult or minor"), max_length=10, null=True, blank=True)
    citizenship = models.CharField(
        _("citizenship"),
        max_length=3,
        null=True,
        blank=True,
        help_text=_("ISO 3166 alpha-2 code; ZZ when the source says the country is unknown."),
    )
    citizenship_region = models.CharField(_("region of citizenship"), max_length=40, null=True, blank=True)
    country_of_exploitation = models.CharField(
        _("country of exploitation"),
        max_length=3,
        null=True,
        blank=True,
        help_text=_("ISO 3166 alpha-2 code; ZZ when the source says the country is unknown."),
    )
    exploitation_region = models.CharField(_("region of exploitation"), max_length=40, null=True, blank=True)
    trafficking_months = models.CharField(_("duration in months"), max_length=10, null=True, blank=True)
    # Forms of exploitation and means of control: True, False, or null when the source has no answer.
    is_forced_labour = models.BooleanField(_("forced labour"), null=True, blank=True)
    is_sexual_exploitation = models.BooleanField(_("sexual exploitation"), null=True, blank=True)
    is_other_exploitation = models.BooleanField(_("other exploitation"), null=True, blank=True)
    means_debt_bondage_earnings = models.BooleanField(_("debt bondage or earnings taken"), null=True, blank=True)
    means_threats = models.BooleanField(_("threats"), null=True, blank=True)
    means_abuse = models.BooleanField(_("psychological, physical or sexual abuse"), null=True, blank=True)
    means_false_promises = models.BooleanField(_("false promises"), null=True, blank=True)
    means_drugs_alcohol = models.BooleanField(_("psychoactive substances"), null=True, blank=True)
    means_deny_basic_needs = models.BooleanField(_("basic needs denied"), null=True, blank=True)
    means_excessive_work_hours = models.BooleanField(_("excessive working hours"), null=True, blank=True)
    means_withhold_documents = models.BooleanField(_("documents withheld"), null=True, blank=True)
    labour_agriculture = models.BooleanField(_("agriculture"), null=True, blank=True)
    labour_construction = models.BooleanField(_("construction"), null=True, blank=True)
    labour_domestic_work = models.BooleanField(_("domestic work"), null=True, blank=True)
    labour_hospitality = models.BooleanField(_("hospitality"), null=True, blank=True)
    sex_prostitution = models.BooleanField(_("prostitution"), null=True, blank=True)
    sex_pornography = models.BooleanField(_("pornography"), null=True, blank=True)
    recruiter_intimate_partner = models.BooleanField(_("recruited by an intimate partner"), null=True, blank=True)
    recruiter_friend = models.BooleanField(_("recruited by a friend"), null=True, blank=True)
    recruiter_family = models.BooleanField(_("recruited by family"), null=True, blank=True)
    recruiter_other = models.BooleanField(_("recruited by someone else"), null=True, blank=True)
    # The recoded categories of the derived 10-column copy, as written.
    exploitation_type = models.CharField(_("type of exploitation"), max_length=40, null=True, blank=True)
    labour_type = models.CharField(_("type of labour"), max_length=40, null=True, blank=True)
    control_category = models.CharField(_("means of control"), max_length=40, null=True, blank=True)
    recruiter_category = models.CharField(_("recruiter"), max_length=40, null=True, blank=True)
    # The victim-perpetrator set: the perpetrator's attributes, several values kept as lists.
    perpetrator = models.JSONField(_("perpetrator"), default=dict, blank=True)
    other_columns = models.JSONField(
        _("other columns"), default=dict, blank=True, help_text=_("Source columns not modelled, as written.")
    )

    class Meta:
        verbose_name = _("anonymous victim record")
        verbose_name_plural = _("anonymous victim records")
        ordering = ["dataset", "row_number", "id"]
        indexes = [models.Index(fields=["dataset", "year_of_registration"], name="exchange_victim_year_idx")]

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.row_number}"


class OfficialStatistic(models.Model):
    """One figure of UNODC's Global Report on Trafficking in Persons country data, as published."""

    dataset = models.ForeignKey(DataSet, models.CASCADE, related_name="statistics", verbose_name=_("data set"))
    run = models.ForeignKey(ImportRun, models.PROTECT, related_name="+", verbose_name=_("import"))
    row_number = models.PositiveIntegerField(_("row in the file"))
    # Not only ISO codes: UNODC also publishes regional aggregates (SAM, CAR…) and "Aruba/Curacao".
    iso3 = models.CharField(_("country or area code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=60, blank=True)
    subregion = models.CharField(_("subregion"), max_length=60, blank=True)
    indicator = models.CharField(_("indicator"), max_length=100)
    dimension = models.CharField(_("dimension"), max_length=100)
    category = models.CharField(_("category"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=20)
    age = models.CharField(_("age"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.CharField(_("unit"), max_length=40)
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    below = models.PositiveIntegerField(
        _("below"),
        null=True,
        blank=True,
        help_text=_("Censored by the source: the count is below this number ('<5'), not 0 and not 5."),
    )
    value_as_written = models.CharField(_("value as written"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("official statistic")
        verbose_name_plural = _("official statistics")
        ordering = ["dataset", "row_number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(below__isnull=True),
                name="exchange_officialstatistic_value_or_below",
            ),
        ]
        indexes = [models.Index(fields=["iso3", "indicator", "year"], name="exchange_stat_country_idx")]

    def __str__(self) -> str:
        return f"{self.iso3} {self.indicator} {self.year}: {self.value_as_written}"


class ColumnMapping(models.Model):
    """How an agency's own spreadsheet reads into the register: which column holds which vigie field, and
    what the agency's words in picklist columns mean. Saved under a name and used again for the next file."""

    class Kind(models.TextChoices):
        SPREADSHEET = "spreadsheet", _("Agency spreadsheet into the register")

    class DateOrder(models.TextChoices):
        DAY_FIRST = "dmy", _("Day first: 12/03/2021 is 12 March 2021")
        MONTH_FIRST = "mdy", _("Month first: 03/12/2021 is 12 March 2021")

    name = models.CharField(_("name"), max_length=100)
    agency = models.ForeignKey("accounts.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    kind = models.CharField(_("kind of file"), max_length=30, choices=Kind, default=Kind.SPREADSHEET)
    columns = models.JSONField(
        _("columns"), default=dict, blank=True, help_text=_("Column header in the file -> field of vigie.")
    )
    value_maps = models.JSONField(
        _("values"), default=dict, blank=True, help_text=_("Field -> {value written in the file: value in vigie}.")
    )
    date_order = models.CharField(_("order of day and month"), max_length=3, choices=DateOrder, default="dmy")
    sheet = models.CharField(
        _("sheet"),
        max_length=100,
        blank=True,
        help_text=_("The sheet of the workbook that holds the table; empty: the first sheet."),
    )
    # PROTECT: as in the audit trail, a user is deactivated, never deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="exchange_columnmapping_name_unique_per_agency"),
        ]

    def __str__(self) -> str:
        return self.name
