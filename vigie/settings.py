"""vigie settings: one module, configured through environment variables.

Without any variable set, vigie runs on an embedded SQLite file (``var/vigie.sqlite3``) with
settings fit for a laptop demo. A production deployment sets at least:

    VIGIE_SECRET_KEY (or VIGIE_SECRET_KEY_FILE)   DATABASE_URL     VIGIE_DEBUG=0
    VIGIE_ALLOWED_HOSTS    VIGIE_SECURE=1 (HTTPS cookies, HSTS, redirect to https)

See the README, "Production deployment", for the full list.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker and systemd secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.getenv(name, default)


DEBUG = envbool("VIGIE_DEBUG", "1")
# The fallback key is only acceptable for a demo on a laptop; `check --deploy` flags it.
SECRET_KEY = envsecret("VIGIE_SECRET_KEY") or "django-insecure-vigie-demo-key-change-me"
ALLOWED_HOSTS = os.getenv("VIGIE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("VIGIE_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
VAR_DIR = Path(os.getenv("VIGIE_VAR_DIR", str(PROJECT_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "vigie.accounts",
    "vigie.audit",
    "vigie.reference",
    "vigie.people",
    "vigie.cases",
    "vigie.investigations",
    "vigie.justice",
    "vigie.referrals",
    "vigie.assistance",
    "vigie.worklist",
    "vigie.qualification",
    "vigie.screening",
    "vigie.training",
    "vigie.exchange",
    "vigie.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every page needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A password set by an administrator is changed before anything else (API tokens are not affected).
    "vigie.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # SQLite: a write that waited in vain for an import's lock gets a 503 saying so, not a server error.
    "vigie.exchange.middleware.DatabaseBusyMiddleware",
]

if not DEBUG:
    # In production the app serves its own static files (collected into STATIC_ROOT): no CDN, no extra server.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "vigie.urls"
WSGI_APPLICATION = "vigie.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vigie.accounts.context_processors.access",
            ],
        },
    },
]
# Widgets render through the templates above, so that templates/django/forms/widgets/select.html can
# draw a select's options in one template: Django's own includes a template per option (two, with the
# attributes), and a country list has some 250 options.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

if not os.getenv("DATABASE_URL"):
    # The embedded database lives in VAR_DIR; a fresh checkout has none yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'vigie.sqlite3'}",
        conn_max_age=envint("VIGIE_DB_CONN_MAX_AGE", "0"),
        # A kept connection is checked before each request reuses it, so a database restart costs no error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; foreign keys are on in Django's SQLite backend. An
    # import holds the single write lock for its whole transaction (all or nothing): other writers, such as
    # the audit event of each page view, wait for it up to the busy timeout, then get a page saying an
    # import is being written (exchange/middleware.py). Ten seconds covers any ordinary write by far, and
    # frees the web server's worker well before its own timeout (gunicorn: 30 s).
    busy_ms = envint("VIGIE_SQLITE_BUSY_TIMEOUT", "10") * 1000
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy_ms};",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off only for long analytical queries. The case list's sub-queries push its cost
    # estimate past jit_above_cost, and compiling then took 70 ms of an 80 ms request (bench/run.py).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Outside a transaction a server-side cursor is declared WITH HOLD, which makes PostgreSQL copy the
    # result at commit: the form choices (agencies, countries) cost 8 ms a page that way. Client-side
    # cursors are also what a transaction-pooling PgBouncer in front of the database needs.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Dates in English as the region writes them (day first); French keeps Django's own formats.
FORMAT_MODULE_PATH = ["vigie.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("VIGIE_TIME_ZONE", "Africa/Abidjan")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# vigie/static is not inside an app, so the finders (runserver, collectstatic, the tests' live server) need it named.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_AGE = envint("VIGIE_SESSION_SECONDS", str(8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE = envbool("VIGIE_SECURE", "0")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
# Behind the reverse proxy the client's address comes in X-Real-IP (recorded in the audit trail).
BEHIND_PROXY = envbool("VIGIE_BEHIND_PROXY", "1" if SECURE else "0")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from outside the app: scripts, styles and images come from 'self' only.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

REST_FRAMEWORK = {
    # Token first, so that an anonymous API call gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "vigie.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "vigie API",
    "DESCRIPTION": "Case register for trafficking in persons and smuggling of migrants.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # assistance: codelists shared by several fields, or whose field names other apps use too.
    "ENUM_NAME_OVERRIDES": {
        "NeedLevelEnum": "vigie.assistance.models.NeedLevel",
        "ReflectionOutcomeEnum": "vigie.assistance.models.ReflectionPeriod.Outcome",
        "PlanStatusEnum": "vigie.assistance.models.AssistancePlan.Status",
        "FamilyAssessmentOutcomeEnum": "vigie.assistance.models.FamilyAssessment.Outcome",
        "ReturnStatusEnum": "vigie.assistance.models.VoluntaryReturn.Status",
        "VisitSituationEnum": "vigie.assistance.models.ReintegrationVisit.Situation",
        "AssistanceClosureReasonEnum": "vigie.assistance.models.AssistanceClosure.Reason",
        "PlanEndingEnum": "vigie.assistance.apis.PLAN_ENDINGS",
        "ReturnEndingEnum": "vigie.assistance.apis.RETURN_ENDINGS",
        # The names these codelists of cases had before assistance added fields of the same names.
        "StatusEnum": "vigie.cases.models.Case.Status",
        "DocumentsEnum": "vigie.cases.models.BorderCrossing.Documents",
        # Every other codelist under a name of its own, so that fields of the same name in several apps
        # (kind, status, outcome, purpose…) get distinct, stable schema names.
        "AccountsAgencyKindEnum": "vigie.accounts.models.Agency.Kind",
        "AccountsMembershipRoleEnum": "vigie.accounts.models.Membership.Role",
        "AuditAuditEventActionEnum": "vigie.audit.models.AuditEvent.Action",
        "CasesCaseClosureReasonEnum": "vigie.cases.models.Case.ClosureReason",
        "CasesSuspectedOffenceOffenceEnum": "vigie.cases.models.SuspectedOffence.Offence",
        "CasesCaseSharePurposeEnum": "vigie.cases.models.CaseShare.Purpose",
        "CasesParticipantRoleEnum": "vigie.cases.models.Participant.Role",
        "CasesParticipantSuspectRoleEnum": "vigie.cases.models.Participant.SuspectRole",
        "CasesEventKindEnum": "vigie.cases.models.Event.Kind",
        "CasesBorderCrossingEntryEnum": "vigie.cases.models.BorderCrossing.Entry",
        "CasesDecisionKindEnum": "vigie.cases.models.Decision.Kind",
        "CasesDecisionStatusEnum": "vigie.cases.models.Decision.Status",
        "InvestigationsInvestigationStatusEnum": "vigie.investigations.models.Investigation.Status",
        "InvestigationsInvestigationClosingReasonEnum": "vigie.investigations.models.Investigation.ClosingReason",
        "InvestigationsInvestigationTechniqueEnum": "vigie.investigations.models.Investigation.Technique",
        "InvestigationsArrestCustodyOutcomeEnum": "vigie.investigations.models.Arrest.CustodyOutcome",
        "InvestigationsSeizureKindEnum": "vigie.investigations.models.Seizure.Kind",
        "InvestigationsSeizureMeasureEnum": "vigie.investigations.models.Seizure.Measure",
        "InvestigationsMoneyFlowChannelEnum": "vigie.investigations.models.MoneyFlow.Channel",
        "JusticeCurrencyEnum": "vigie.justice.models.Currency",
        "JusticeProceedingLevelEnum": "vigie.justice.models.Proceeding.Level",
        "JusticeProceedingAppealedByEnum": "vigie.justice.models.Proceeding.AppealedBy",
        "JusticeProceedingStatusEnum": "vigie.justice.models.Proceeding.Status",
        "JusticeVerdictOutcomeEnum": "vigie.justice.models.Verdict.Outcome",
        "JusticeVerdictReasonEnum": "vigie.justice.models.Verdict.Reason",
        "JusticeProtectiveMeasureEnum": "vigie.justice.models.ProtectiveMeasure",
        "JusticeHearingPurposeEnum": "vigie.justice.models.Hearing.Purpose",
        "JusticeHearingOutcomeEnum": "vigie.justice.models.Hearing.Outcome",
        "JusticeCooperationRequestDirectionEnum": "vigie.justice.models.CooperationRequest.Direction",
        "JusticeCooperationRequestKindEnum": "vigie.justice.models.CooperationRequest.Kind",
        "JusticeCooperationRequestDeadlineBasisEnum": "vigie.justice.models.CooperationRequest.DeadlineBasis",
        "JusticeCooperationRequestStatusEnum": "vigie.justice.models.CooperationRequest.Status",
        "PeopleIdentityDocumentKindEnum": "vigie.people.models.IdentityDocument.Kind",
        "PeopleConsentPurposeEnum": "vigie.people.models.Consent.Purpose",
        "PeopleConsentMethodEnum": "vigie.people.models.Consent.Method",
        "ReferenceSexEnum": "vigie.reference.codelists.Sex",
        "ReferenceExploitationFormEnum": "vigie.reference.codelists.ExploitationForm",
        "ReferenceMeansOfControlEnum": "vigie.reference.codelists.MeansOfControl",
        "ReferenceSectorEnum": "vigie.reference.codelists.Sector",
        "ReferenceBenefitSoughtEnum": "vigie.reference.codelists.BenefitSought",
        "ReferenceCountryRegionEnum": "vigie.reference.models.Country.Region",
        "ReferenceCommunityMembershipStatusEnum": "vigie.reference.models.CommunityMembership.Status",
        "ReferralsServiceKindEnum": "vigie.referrals.models.ServiceKind",
        "ReferralsPeopleServedEnum": "vigie.referrals.models.PeopleServed",
        "ReferralsBestInterestsDecisionPurposeEnum": "vigie.referrals.models.BestInterestsDecision.Purpose",
        "ReferralsReferralStatusEnum": "vigie.referrals.models.Referral.Status",
        "ScreeningIndicatorEnum": "vigie.screening.indicators.Indicator",
        "ScreeningAnswerValueEnum": "vigie.screening.models.ScreeningAnswer.Value",
        "ScreeningProposedStatusEnum": "vigie.screening.apis.PROPOSED_STATUSES",
        "ScreeningProposedReferralEnum": "vigie.screening.apis.PROPOSED_REFERRALS",
        "ReferralsReferralUrgencyEnum": "vigie.referrals.models.Referral.Urgency",
        "WorklistAlertRuleKindEnum": "vigie.worklist.models.AlertRule.Kind",
        "TrainingAnswerEnum": "vigie.training.models.Answer",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("VIGIE_LOG_LEVEL", "WARNING")},
}

# Page size of lists in pages and in the API.
PAGE_SIZE = envint("VIGIE_PAGE_SIZE", "25")

# Imports from the web: the largest file accepted, and where uploads wait for the import worker
# (`vigie run-imports`). Both live under VAR_DIR, never under a directory the web server serves.
VIGIE_IMPORT_MAX_BYTES = envint("VIGIE_IMPORT_MAX_BYTES", str(50 * 1024 * 1024))
IMPORT_UPLOAD_DIR = VAR_DIR / "imports"
# A big HTCDS, CTDC or GLOTIP file is parsed by a second process while the import writes
# (vigie/exchange/importing.py): faster with a free core, slower (some 15%) on a machine whose cores are all
# busy. 0 turns it off.
VIGIE_IMPORT_PARSE_ASIDE = envbool("VIGIE_IMPORT_PARSE_ASIDE", "1")
# A running import whose worker has given no sign of life (progress, every 1,000 rows) for this many seconds
# is shown as interrupted, and recorded as failed by the next worker to look at the queue.
VIGIE_IMPORT_STALE_AFTER = envint("VIGIE_IMPORT_STALE_AFTER", "600")
# The worker's progress and the cancel requests pass through files, not the database: on SQLite the import
# holds the only write lock for its whole transaction, so a write from the page would wait for its end.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "imports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "imports"),
        "TIMEOUT": 24 * 3600,
    },
}
