"""Whether organisation sign-in is configured, and its button."""

from django.conf import settings


def provider_app() -> dict | None:
    """The configured OpenID Connect app (settings.SOCIALACCOUNT_PROVIDERS)."""
    apps = (
        getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})
        .get("openid_connect", {})
        .get("APPS", [])
    )
    return apps[0] if apps else None


def sso_enabled() -> bool:
    return provider_app() is not None


def provider_origin() -> str | None:
    """scheme://host[:port] of the provider, for the CSP's form-action."""
    from urllib.parse import urlsplit

    app = provider_app()
    if app is None:
        return None
    parts = urlsplit(app["settings"]["server_url"])
    return f"{parts.scheme}://{parts.netloc}"
