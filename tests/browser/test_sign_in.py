"""Sign-in in Chromium: the organisation's button through a real OpenID
Connect provider (django-oauth-toolkit on the live server, tests/accounts),
and the two-factor step: setting up an authenticator app, then a code."""

import re
import time

from .support import require_browser

require_browser()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import (  # noqa: E402
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from workflows import roles  # noqa: E402

from ..accounts.support import (  # noqa: E402
    directory_person,
    make_sso,
    monitor_user,
    role_and_agencies,
)
from .conftest import user  # noqa: E402
from .support import PASSWORD  # noqa: E402


def code(secret):
    """The app's code now, from a 30-second period with at least 10 seconds
    left: one the server checks a moment later, in a slow browser test,
    must still be current (the server accepts the current period only)."""
    if 30 - time.time() % 30 < 10:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def csp_errors(steps):
    return [line for line in steps.console if "Content Security Policy" in line]


def test_the_organisation_button_signs_in_through_the_provider(
    page, steps, server, live_server, settings
):
    sso = make_sso(live_server, settings)
    alice = directory_person("alice", ["HRM-MoJ-Managers"])
    # Already signed in at the provider (its own page is not the Monitor's).
    provider_session = Client()
    provider_session.force_login(alice)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": provider_session.cookies["sessionid"].value,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )

    page.goto(f"{sso.monitor}/admin/login/")
    button = page.get_by_role(
        "button", name="Sign in with your Ministry of Justice account"
    )
    expect(button).to_be_visible()
    steps.shot(page, "sign-in page")
    button.click()

    page.wait_for_url(f"{sso.monitor}/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    steps.shot(page, "dashboard")
    assert role_and_agencies(monitor_user(alice)) == (
        [roles.LEAD_AGENCY_MANAGERS],
        ["MoJ"],
    )
    assert csp_errors(steps) == []


def test_a_required_role_sets_up_an_authenticator_app(page, steps, server, settings):
    settings.MONITOR_MFA_REQUIRED_ROLES = [roles.LEAD_AGENCY_MANAGERS]
    from ..factories import AgencyFactory

    moj = AgencyFactory(code="MoJ", name="Ministry of Justice")
    manager = user("manager", roles.LEAD_AGENCY_MANAGERS, [moj])

    page.goto(f"{server}/admin/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Sent to set up two-factor sign-in; first the password again.
    page.get_by_label("Password").fill(PASSWORD)
    steps.shot(page, "confirm password")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{server}/accounts/2fa/totp/activate/")
    expect(page.get_by_role("img")).to_be_visible()  # the QR code
    secret = page.locator("#authenticator_secret").input_value()
    steps.shot(page, "set up the app")
    page.get_by_label("Authenticator code").fill(code(secret))
    page.get_by_role("button", name="Set up").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    steps.shot(page, "recovery codes")
    assert Authenticator.objects.filter(
        user=manager, type=Authenticator.Type.TOTP
    ).exists()
    page.goto(f"{server}/admin/")
    expect(page).to_have_url(f"{server}/admin/")
    assert csp_errors(steps) == []


def test_an_enrolled_user_gives_the_code_of_their_app(page, steps, server, settings):
    settings.MONITOR_MFA_REQUIRED_ROLES = [roles.ADMINISTRATORS]
    admin = user("admin", roles.ADMINISTRATORS)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    page.goto(f"{server}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/accounts/2fa/authenticate/")
    steps.shot(page, "code asked")
    page.get_by_label("Code").fill("000000" if code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.get_by_label("Code").fill(code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/admin/")
    assert csp_errors(steps) == []
