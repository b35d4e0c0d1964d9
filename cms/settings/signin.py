"""Sign-in settings: the throttle (django-axes, cms.security), organisation
sign-in (OpenID Connect) and two-factor login (cms.accounts, docs/sign-in.md),
imported by ``base``, which also adds the
apps and middleware. Every value comes from the environment
(docs/configuration.md)."""

import datetime

from django.core.exceptions import ImproperlyConfigured

from .environment import env_bool, env_int, env_list, env_str

# Sign-in throttle (django-axes; base adds the app, backend and middleware).
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 10)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("SIGNIN_FAILURE_LIMIT: must be at least 1")
SIGNIN_COOLOFF_MINUTES = env_int("SIGNIN_COOLOFF_MINUTES", 15)
if SIGNIN_COOLOFF_MINUTES < 0:
    raise ImproperlyConfigured("SIGNIN_COOLOFF_MINUTES: must be 0 or more")
# 0: a lock lasts until an administrator lifts it.
AXES_COOLOFF_TIME = (
    datetime.timedelta(minutes=SIGNIN_COOLOFF_MINUTES)
    if SIGNIN_COOLOFF_MINUTES
    else None
)
# Either is enough to lock: the account, whatever address; the address,
# whatever account.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the address's count: an attacker with one valid
# login could otherwise reset it between guesses at other accounts.
AXES_RESET_ON_SUCCESS = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.security.client_address.client_address"
# Django's own admin is not installed.
AXES_ENABLE_ADMIN = False
# No start-up banner on every command; failures and lockouts are still logged.
AXES_VERBOSE = False

# Where the client's address comes from (cms/security/client_address.py):
# empty = the TCP peer, which cannot be forged (right without a proxy).
# Behind proxies: the header they set, e.g. X-Forwarded-For, and how many
# proxies append to it. production.py defaults to X-Forwarded-For, 1 proxy.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT: must be at least 1")

# Organisation sign-in and two-factor login.
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_SCOPES = env_list("OIDC_SCOPES", ("openid", "profile", "email"))
# The claim of the ID token / userinfo that lists the person's directory groups
# (Entra ID: "groups", holding group object ids unless configured otherwise).
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
# Whose account it is, on the button: "Sign in with your <OIDC_NAME> account".
OIDC_NAME = env_str("OIDC_NAME", "organisation")
SSO_ENABLED = bool(OIDC_SERVER_URL and OIDC_CLIENT_ID)
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": (
            [
                {
                    "provider_id": "organisation",
                    "name": OIDC_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {
                        "server_url": OIDC_SERVER_URL,
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
            if SSO_ENABLED
            else []
        ),
        "SCOPE": list(OIDC_SCOPES),
    }
}
# Off: Wagtail's password form refuses every password (the organisation's
# sign-in stays); `manage.py signin_link USERNAME` is the break-glass way in.
MONITOR_PASSWORD_LOGIN = env_bool("MONITOR_PASSWORD_LOGIN", True)
WAGTAIL_PASSWORD_RESET_ENABLED = MONITOR_PASSWORD_LOGIN
# Roles that must set up two-factor login before they reach the admin (local
# sign-ins; the organisation's directory applies its own to SSO sign-ins).
MONITOR_MFA_REQUIRED_ROLES = env_list(
    "MFA_REQUIRED_ROLES", ("Monitor administrators", "Lead agency managers")
)
# Minutes a break-glass sign-in link stays valid (it works once).
MONITOR_SIGNIN_LINK_MINUTES = env_int("SIGNIN_LINK_MINUTES", 10)

ACCOUNT_ADAPTER = "cms.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "cms.accounts.adapter.DirectoryAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/admin/"
# The directory's details go straight to a new account: no sign-up form.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# A sign-in starts from the button's form (POST), not from a link.
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Wrong two-factor codes: at most 5 per account in 5 minutes, 10 a minute
# per address (allauth's "login_failed" rate limit, in the default cache).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
