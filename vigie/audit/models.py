from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # The database refuses these too (triggers created in migration 0002); this gives a clear error first.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, with the values before and after."""

    class Action(models.TextChoices):
        LOGIN = "auth.login", _("Logged in")
        LOGIN_FAILED = "auth.login_failed", _("Failed login")
        LOGOUT = "auth.logout", _("Logged out")
        TOKEN_ISSUED = "auth.token_issued", _("API token issued")
        PASSWORD_RESET = "auth.password_reset", _("Password reset")
        PASSWORD_CHANGED = "auth.password_changed", _("Own password changed")
        AGENCY_CREATED = "account.agency_created", _("Agency created")
        AGENCY_UPDATED = "account.agency_updated", _("Agency updated")
        USER_CREATED = "account.user_created", _("User account created")
        USER_DEACTIVATED = "account.user_deactivated", _("User account deactivated")
        USER_REACTIVATED = "account.user_reactivated", _("User account reactivated")
        MEMBERSHIP_GRANTED = "account.membership_granted", _("Role granted in an agency")
        MEMBERSHIP_ROLE_CHANGED = "account.role_changed", _("Role in an agency changed")
        MEMBERSHIP_ENDED = "account.membership_ended", _("Membership of an agency ended")
        CASE_VIEWED = "case.viewed", _("Case file viewed")
        CASES_SEARCHED = "case.searched", _("Cases or persons searched by name")
        REGISTER_LISTED = "case.listed", _("List of cases or persons viewed")
        CASE_OPENED = "case.opened", _("Case opened")
        CASE_IMPORTED = "case.imported", _("Case records imported from a file")
        CASE_UPDATED = "case.updated", _("Case updated")
        CASE_STATUS_CHANGED = "case.status_changed", _("Case status changed")
        CASE_SHARED = "case.shared", _("Case shared with an agency")
        CASE_SHARE_REVOKED = "case.share_revoked", _("Case sharing revoked")
        CASE_DELETED = "case.deleted", _("Case deleted")
        DECISION_PROPOSED = "decision.proposed", _("Decision proposed for a second person's confirmation")
        DECISION_CONFIRMED = "decision.confirmed", _("Decision confirmed by a second person")
        DECISION_REJECTED = "decision.rejected", _("Decision rejected by a second person")
        DECISION_WITHDRAWN = "decision.withdrawn", _("Proposed decision withdrawn")
        ALERT_RULE_SET = "worklist.alert_rule_set", _("Alert delay set for an agency")
        PARTICIPANT_ADDED = "participant.added", _("Person added to a case")
        PARTICIPANT_UPDATED = "participant.updated", _("Case participant updated")
        PARTICIPANT_REMOVED = "participant.removed", _("Person removed from a case")
        EVENT_RECORDED = "event.recorded", _("Event recorded")
        EVENT_UPDATED = "event.updated", _("Event updated")
        EVENT_DELETED = "event.deleted", _("Event deleted")
        CROSSING_RECORDED = "crossing.recorded", _("Border crossing recorded")
        CROSSING_UPDATED = "crossing.updated", _("Border crossing updated")
        CROSSING_DELETED = "crossing.deleted", _("Border crossing deleted")
        PERSON_CREATED = "person.created", _("Person created")
        PERSON_UPDATED = "person.updated", _("Person updated")
        PERSON_VIEWED = "person.viewed", _("Person's identifying details viewed")
        IDENTIFIER_ADDED = "person.identifier_added", _("Identifier added to a person")
        IDENTIFIER_REMOVED = "person.identifier_removed", _("Identifier removed from a person")
        CONSENT_RECORDED = "consent.recorded", _("Consent recorded")
        CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
        EXPORTED = "data.exported", _("Data exported")
        EXPORT_REFUSED = "data.export_refused", _("Export refused")
        STATISTICS_VIEWED = "statistics.viewed", _("Statistics viewed (figures and filters)")
        DATASET_GENERATED = "data.generated", _("Demo data generated")
        DATA_IMPORTED = "data.imported", _("Data imported")
        IMPORT_CHECKED = "data.import_checked", _("File checked without importing anything")
        IMPORT_REFUSED = "data.import_refused", _("Import refused, nothing imported")
        IMPORT_CANCELLED = "data.import_cancelled", _("Import cancelled, nothing imported")
        IMPORT_FAILED = "data.import_failed", _("Import failed, nothing imported")
        IMPORT_PREVIEW_VIEWED = "data.import_preview_viewed", _("Rows of a file to import viewed")
        IMPORT_REJECTS_DOWNLOADED = "data.import_rejects_downloaded", _("Rejected rows of an import downloaded")
        MAPPING_SAVED = "data.mapping_saved", _("Column mapping of a spreadsheet saved")
        # referrals: the directory of service providers, best-interests decisions, referrals, services delivered
        PROVIDER_ADDED = "provider.added", _("Service provider added to the directory")
        PROVIDER_UPDATED = "provider.updated", _("Service provider updated")
        PROVIDER_DEACTIVATED = "provider.deactivated", _("Service provider deactivated")
        BEST_INTERESTS_DECIDED = "best_interests.decided", _("Best-interests decision recorded")
        REFERRAL_VIEWED = "referral.viewed", _("Referral with the person's name viewed")
        REFERRAL_PROPOSED = "referral.proposed", _("Referral proposed")
        REFERRAL_UPDATED = "referral.updated", _("Referral updated")
        REFERRAL_ACCEPTED = "referral.accepted", _("Referral accepted")
        REFERRAL_DECLINED = "referral.declined", _("Referral declined")
        REFERRAL_STARTED = "referral.started", _("Referred service started")
        REFERRAL_COMPLETED = "referral.completed", _("Referral completed")
        REFERRAL_WITHDRAWN = "referral.withdrawn", _("Referral withdrawn")
        REFERRAL_DELETED = "referral.deleted", _("Referral deleted")
        SERVICE_RECORDED = "service.recorded", _("Service delivered recorded")
        SERVICE_UPDATED = "service.updated", _("Service delivered updated")
        SERVICE_DELETED = "service.deleted", _("Service delivered deleted")
        # justice: prosecution, courts and cooperation requests
        PROCEEDING_OPENED = "justice.proceeding_opened", _("Court proceeding opened")
        PROCEEDING_UPDATED = "justice.proceeding_updated", _("Court proceeding updated")
        PROCEEDING_STATUS_CHANGED = "justice.proceeding_status", _("Court proceeding status changed")
        PROCEEDING_DELETED = "justice.proceeding_deleted", _("Court proceeding deleted")
        CHARGE_BROUGHT = "justice.charge_brought", _("Charge brought")
        CHARGE_UPDATED = "justice.charge_updated", _("Charge updated")
        CHARGE_DELETED = "justice.charge_deleted", _("Charge deleted")
        HEARING_SCHEDULED = "justice.hearing_scheduled", _("Hearing recorded")
        HEARING_UPDATED = "justice.hearing_updated", _("Hearing updated")
        HEARING_DELETED = "justice.hearing_deleted", _("Hearing deleted")
        VERDICT_RECORDED = "justice.verdict_recorded", _("Verdict recorded")
        VERDICT_UPDATED = "justice.verdict_updated", _("Verdict updated")
        VERDICT_DELETED = "justice.verdict_deleted", _("Verdict deleted")
        SENTENCE_RECORDED = "justice.sentence_recorded", _("Sentence recorded")
        COOPERATION_REQUEST_RECORDED = "justice.request_recorded", _("Cooperation request recorded")
        COOPERATION_REQUEST_UPDATED = "justice.request_updated", _("Cooperation request updated")
        COOPERATION_REQUEST_STATUS_CHANGED = "justice.request_status", _("Cooperation request status changed")
        COOPERATION_REQUEST_DELETED = "justice.request_deleted", _("Cooperation request deleted")
        # investigations app
        INVESTIGATION_OPENED = "investigation.opened", _("Investigation opened")
        INVESTIGATION_UPDATED = "investigation.updated", _("Investigation updated")
        INVESTIGATION_STATUS_CHANGED = "investigation.status_changed", _("Investigation status changed")
        INVESTIGATION_DELETED = "investigation.deleted", _("Investigation deleted")
        ARREST_RECORDED = "arrest.recorded", _("Arrest recorded")
        ARREST_UPDATED = "arrest.updated", _("Arrest updated")
        ARREST_DELETED = "arrest.deleted", _("Arrest deleted")
        SEIZURE_RECORDED = "seizure.recorded", _("Seizure or frozen asset recorded")
        SEIZURE_UPDATED = "seizure.updated", _("Seizure or frozen asset updated")
        SEIZURE_DELETED = "seizure.deleted", _("Seizure or frozen asset deleted")
        MONEY_FLOW_RECORDED = "money_flow.recorded", _("Money flow recorded")
        MONEY_FLOW_UPDATED = "money_flow.updated", _("Money flow updated")
        MONEY_FLOW_DELETED = "money_flow.deleted", _("Money flow deleted")
        # assistance: victims' needs, reflection period, plan, return, reintegration and closure
        ASSESSMENT_RECORDED = "assistance.assessment_recorded", _("Needs assessment recorded")
        ASSESSMENT_UPDATED = "assistance.assessment_updated", _("Needs assessment updated")
        ASSESSMENT_DELETED = "assistance.assessment_deleted", _("Needs assessment deleted")
        REFLECTION_RECORDED = "assistance.reflection_recorded", _("Reflection period recorded")
        REFLECTION_UPDATED = "assistance.reflection_updated", _("Reflection period updated")
        REFLECTION_DELETED = "assistance.reflection_deleted", _("Reflection period deleted")
        PLAN_RECORDED = "assistance.plan_recorded", _("Assistance plan recorded")
        PLAN_UPDATED = "assistance.plan_updated", _("Assistance plan updated")
        PLAN_STATUS_CHANGED = "assistance.plan_status_changed", _("Assistance plan completed or stopped")
        PLAN_DELETED = "assistance.plan_deleted", _("Assistance plan deleted")
        FAMILY_ASSESSMENT_RECORDED = "assistance.family_recorded", _("Family assessment recorded")
        FAMILY_ASSESSMENT_UPDATED = "assistance.family_updated", _("Family assessment updated")
        FAMILY_ASSESSMENT_DELETED = "assistance.family_deleted", _("Family assessment deleted")
        RETURN_RECORDED = "assistance.return_recorded", _("Voluntary return planned")
        RETURN_UPDATED = "assistance.return_updated", _("Voluntary return updated")
        RETURN_STATUS_CHANGED = "assistance.return_status_changed", _("Voluntary return completed or cancelled")
        RETURN_DELETED = "assistance.return_deleted", _("Voluntary return deleted")
        VISIT_RECORDED = "assistance.visit_recorded", _("Reintegration visit recorded")
        VISIT_UPDATED = "assistance.visit_updated", _("Reintegration visit updated")
        VISIT_DELETED = "assistance.visit_deleted", _("Reintegration visit deleted")
        ASSISTANCE_CLOSED = "assistance.closed", _("Assistance file closed")
        ASSISTANCE_CLOSURE_UPDATED = "assistance.closure_updated", _("Closure of an assistance file updated")
        ASSISTANCE_REOPENED = "assistance.reopened", _("Assistance file reopened")
        ASSISTANCE_CLOSURE_DELETED = "assistance.closure_deleted", _("Closure of an assistance file deleted")
        # screening: victim identification interviews with the indicators
        SCREENING_RECORDED = "screening.recorded", _("Identification screening recorded")
        SCREENING_UPDATED = "screening.updated", _("Identification screening updated")
        SCREENING_VIEWED = "screening.viewed", _("Identification screening viewed")
        # training for officers
        TRAINING_ATTEMPT_RECORDED = "training.attempt_recorded", _("Training scenario answered")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # PROTECT: a user with audit events is deactivated, never deleted, so the trail keeps its actor.
    # db_index=False on actor and agency: audit_event_actor_idx and audit_event_agency_idx start with them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        db_index=False,
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action)
    target_type = models.CharField(_("record type"), max_length=40, blank=True)
    target_id = models.CharField(_("record"), max_length=40, blank=True)
    target_label = models.CharField(_("record label"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        db_index=False,
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_event_target_idx"),
            models.Index(fields=["actor", "-at"], name="audit_event_actor_idx"),
            models.Index(fields=["agency", "-at"], name="audit_event_agency_idx"),
            # An import finds the persons removed from the cases it finds again (exchange/htcds/writing.py)
            # by the cases' references: only removals are in it, a small index however long the trail.
            models.Index(
                fields=["agency", "target_label"],
                condition=models.Q(action="participant.removed"),
                name="audit_event_removal_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")
