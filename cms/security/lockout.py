"""What a locked-out person sees: Wagtail's sign-in page, with the reason.

django-axes calls ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``) instead of
answering with its bare text. The page is Wagtail's own login template, the
username kept and the password empty, with one message saying why and what to
do. The status is 429 (Too Many Requests) with ``Retry-After`` when the lock
ends by itself.
"""

from axes.helpers import get_client_username, get_cool_off
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.views.account import LoginView

STATUS = 429


def lockout_message(cool_off) -> str:
    """The sentence shown on the sign-in page; ``cool_off`` is a timedelta or None."""
    if not cool_off:
        return _(
            "Sign-in is locked after too many failed attempts for this account or "
            "from this network. Ask a Monitor administrator to unlock it."
        )
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return ngettext(
        "Sign-in is locked after too many failed attempts for this account or "
        "from this network. Try again in %(minutes)d minute, or ask a Monitor "
        "administrator to unlock it.",
        "Sign-in is locked after too many failed attempts for this account or "
        "from this network. Try again in %(minutes)d minutes, or ask a Monitor "
        "administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Wagtail's sign-in page with the lockout message, status 429."""
    cool_off = get_cool_off(request)
    view = LoginView()
    view.setup(request)
    # Unbound: validating would call authenticate() again and count a failure.
    form = view.get_form_class()(
        request=request,
        initial={"username": get_client_username(request, credentials) or ""},
    )
    messages.error(request, lockout_message(cool_off))
    response = view.render_to_response(view.get_context_data(form=form))
    # Returned from a middleware, so nothing else would render it.
    response.render()
    response.status_code = STATUS
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
