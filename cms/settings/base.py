"""Settings shared by every environment.

Every value that differs between machines is read from an environment variable
here, in one place; ``dev``, ``test`` and ``production`` only change defaults
and safety switches. The variables are listed in docs/configuration.md.
"""

import contextlib
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .environment import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

# var/ holds the SQLite database, uploaded media and collected static files.
# A deployment on PostgreSQL with external storage may run read-only, so a
# failure to create it is left to surface where the folder is actually used.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(exist_ok=True)


# Database --------------------------------------------------------------------

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"


DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", DEFAULT_DATABASE_URL),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USES_POSTGRESQL = DATABASES["default"]["ENGINE"] in (
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
)


# Core ------------------------------------------------------------------------

# No default here: dev.py and test.py supply an insecure one, production.py
# refuses to start without it.
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "content_models",
    "workflows",
    "importers",
    "schema",
    "cms.admin",
    "cms.demo",
    "cms.security",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with the Monitor's user screens (cms/admin/users.py)
    "cms.admin.apps.MonitorUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "strawberry_django",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
if USES_POSTGRESQL:
    # Full-text search lookups and GIN indexes; Django 6 requires it for
    # Wagtail's search index on PostgreSQL (system check postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Wagtail's editors post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


# Internationalisation --------------------------------------------------------

LANGUAGE_CODE = "en-nz"
# One language: New Zealand English. The admin offers no other (Wagtail would
# list its 60 translations in every account's preferences).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-nz", "English (New Zealand)")]
# Content has one locale, "en", as Wagtail's migrations created it; without
# it Wagtail would look for an "en-nz" locale that no database has. It must be
# one of LANGUAGES.
WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]
LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES + WAGTAIL_CONTENT_LANGUAGES
TIME_ZONE = "Pacific/Auckland"
USE_I18N = True
USE_TZ = True
# Dates as New Zealand writes them: 6 Dec 2026, 6 December 2026 3:52 pm
# (cms/formats/en/formats.py, used for en-nz and en; "am"/"pm" come from
# cms/locale). Django has no en_NZ formats and would write "Oct. 1, 2024".
FORMAT_MODULE_PATH = ["cms.formats"]
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
# Wagtail's date pickers write and read day first (must be among the
# formats' *_INPUT_FORMATS).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Approving an item publishes it, except while its reporting cycle is before
# Cabinet: then it waits, approved, for Cabinet's decision (docs/cabinet.md).
WAGTAIL_FINISH_WORKFLOW_ACTION = "workflows.approval.finish_workflow"


# Static and media files ------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# E-mail ----------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Human Rights Monitor <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# Wagtail ---------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Human Rights Monitor"
# Used for links in notification e-mails: no /admin and no trailing slash.
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Approval requests go to the item's approvers only (workflows.notifications),
# not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "csv", "txt"]


# Documents -------------------------------------------------------------------
# Every download goes through Wagtail's serve view (/documents/<id>/<name>),
# where the before_serve_document hook (cms.admin.wagtail_hooks) decides who
# gets the file; nothing under MEDIA_ROOT is served directly, in any setting.
WAGTAILDOCS_SERVE_METHOD = "serve_view"


# Background tasks (django-q2) ------------------------------------------------

# Redis: the task broker here, the API's shared cache (cms/settings/api.py).
from .api import REDIS_URL  # noqa: E402

Q_CLUSTER = {
    "name": "hrm",
    "workers": env_int("Q_WORKERS", 2),
    # A task may run for `timeout` seconds; it is retried after `retry`
    # seconds, which must be longer so a slow task is not run twice at once.
    "timeout": 300,
    "retry": 360,
    # Reminders missed while the cluster was down are sent once, not replayed.
    "catch_up": False,
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"


# Logging ---------------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django-q": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Wagtail's background tasks (search index, references) run inline and
        # log two lines per saved object at INFO.
        "django_tasks": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}


# Public GraphQL API (schema app) ---------------------------------------------

INSTALLED_APPS.append("corsheaders")
# CORS before CommonMiddleware; the GraphQL CSRF rule before CsrfViewMiddleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "schema.middleware.GraphQLCsrfMiddleware",
)
# Cache hits of anonymous GETs are answered right after the host check
# (CommonMiddleware), before the rest of the stack: schema/middleware.py.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
    "schema.middleware.CachedAnswerMiddleware",
)
# The values, all from the environment: cms/settings/api.py.
from .api import *  # noqa: E402, F403

# Errors other than the request's own (syntax, limits, bad arguments) are
# replaced by "Unexpected error." unless DEBUG; dev.py turns DEBUG on.


# Explorer (the public page at /) ---------------------------------------------

# cms/ is the host project, not an app, so its static files (the explorer's
# plain ES modules and CSS) are listed here for the staticfiles finders.
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]


# Reporting reminders (workflows.reminders, issue 6) --------------------------
# Thresholds of the reminder rules, in days, and when the daily job runs (a
# cron line in the site's time zone; `manage.py sync_schedules` applies it).
# Every key is optional: workflows/reminders/conf.py has the defaults.

MONITOR_REMINDERS = {
    "DUE_SOON_DAYS": env_int("REMINDER_DUE_SOON_DAYS", 30),
    "ESCALATE_AFTER_DAYS": env_int("REMINDER_ESCALATE_AFTER_DAYS", 30),
    "FOLLOW_UP_DAYS": (90, 30, 7),
    "SCHEDULE_CRON": env_str("REMINDER_SCHEDULE_CRON", "0 7 * * *"),
}


# Cabinet (workflows.cabinet, docs/cabinet.md) ---------------------------------
# Months after a cycle's recommendations are received by which Cabinet should
# consider the response; a cycle may set its own date.

MONITOR_CABINET_TARGET_MONTHS = env_int("CABINET_TARGET_MONTHS", 12)


# Reports for the UN (workflows.un_report, docs/un-reports.md) -----------------
# The UPR response's word limit (words of the comments) and the one-year
# update's page budget, each overridable per reporting cycle; the update's
# length is estimated at FOLLOW_UP_WORDS_PER_PAGE words a page.

UPR_RESPONSE_WORD_LIMIT = env_int("UPR_RESPONSE_WORD_LIMIT", 3000)
FOLLOW_UP_PAGE_BUDGET = env_int("FOLLOW_UP_PAGE_BUDGET", 10)
FOLLOW_UP_WORDS_PER_PAGE = env_int("FOLLOW_UP_WORDS_PER_PAGE", 500)


# Civil-society feedback (cms.feedback, workflows.feedback) --------------------
# The public feedback form of each published recommendation takes at most
# FEEDBACK_THROTTLE_LIMIT submissions per client address (cms.security.
# client_address) in FEEDBACK_THROTTLE_SECONDS, counted in the default cache;
# `manage.py purge_feedback` deletes feedback older than FEEDBACK_RETENTION_DAYS.

FEEDBACK_THROTTLE_LIMIT = env_int("FEEDBACK_THROTTLE_LIMIT", 5)
FEEDBACK_THROTTLE_SECONDS = env_int("FEEDBACK_THROTTLE_SECONDS", 3600)
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 730)


# Sign-in throttle (django-axes) -----------------------------------------------
# Every authenticate() with a request (Wagtail's login form) is counted. After
# SIGNIN_FAILURE_LIMIT failures within SIGNIN_COOLOFF_MINUTES an account is
# locked, and so, separately, is the address they came from (so guessing many
# usernames from one place is stopped too). A locked-out person sees Wagtail's
# sign-in page with the reason, status 429 (cms.security.lockout); Monitor
# administrators unlock under Settings > Sign-in lockouts, or with
# `manage.py axes_reset_username USER` / `axes_reset_ip ADDRESS`.

INSTALLED_APPS.append("axes")
AUTHENTICATION_BACKENDS = [
    # First: a locked-out client is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Last: it turns the lockout that authenticate() flagged into the response.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# The throttle's values and where the client's address comes from:
# cms/settings/signin.py.


# Security headers -------------------------------------------------------------
# Content-Security-Policy (django-csp 4 settings format) on every response; the
# admin gets its own policy (cms.security.csp). Everything is served by the
# site itself, GraphiQL's scripts included (schema/static/schema/graphiql), so
# no policy names another host.

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "cms.security.csp.AreaCSPMiddleware",
)
_CSP_COMMON = {
    "default-src": [SELF],
    "connect-src": [SELF],
    # data: for fonts and icons that stylesheets embed (GraphiQL, Wagtail).
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "object-src": [NONE],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        # The nonce is for the explorer's inline import map; it is added only
        # to responses whose template used it.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        # Wagtail 8 still writes inline <script> elements (chooser and date
        # widgets, inline panels), which no nonce can reach; the choosers fail
        # without this. Inline event handlers (onclick="...") it never uses:
        # they stay refused, so an injected attribute cannot run.
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        # Its templates write style attributes and its scripts insert <style>.
        "style-src": [SELF, UNSAFE_INLINE],
        # blob: for the previews of images being uploaded.
        "img-src": [SELF, "data:", "blob:"],
        "base-uri": [SELF],
        # Wagtail previews pages and snippets in a frame of its own.
        "frame-ancestors": [SELF],
    }
}
# The admin would otherwise load avatars from gravatar.com and ask
# releases.wagtail.org for news: both off the site, both refused by the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False


# Organisation sign-in and two-factor login (cms.accounts, docs/sign-in.md) ---
# django-allauth's socialaccount (OpenID Connect) and mfa (TOTP, recovery
# codes). Wagtail's login page stays the one sign-in page: it offers "Sign in
# with your organisation account" when OIDC_SERVER_URL and OIDC_CLIENT_ID are
# set, and passes password sign-ins through allauth so that the two-factor step
# applies (cms.accounts.views).

INSTALLED_APPS[INSTALLED_APPS.index("cms.security") + 1 : 0] = [
    "cms.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "cms.accounts.middleware.RequireTwoFactorMiddleware",
)

# The values, all from the environment: cms/settings/signin.py.
from .signin import *  # noqa: E402, F403

MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
