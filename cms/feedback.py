"""The public feedback form's endpoint: ``/feedback/recommendations/<id>/``.

A plain Django view, never part of the GraphQL API: feedback is private
correspondence to the government. ``GET`` answers the CSRF token the form
needs (and sets Django's CSRF cookie, only for people about to write);
``POST`` stores the feedback through ``workflows.actions.receive_feedback``.
Both answer 404 for anything but a published recommendation.

Protections against abuse, in the order they apply:

1. **Throttle.** At most ``FEEDBACK_THROTTLE_LIMIT`` submissions per client
   address (``cms.security.client_address``) in ``FEEDBACK_THROTTLE_SECONDS``,
   counted in Django's cache; over it, 429 and nothing stored.
2. **Honeypot.** A ``website`` field people never see; a submission that
   fills it gets the same answer as a real one and nothing is stored.
3. **Lengths.** Text required, at most 2,000 characters; name and
   organisation 200; a valid e-mail or none. Otherwise 400 naming the field.

Answers are JSON: ``{"message": …}``, plus ``{"errors": {field: [{"message",
"code"}]}}`` on 400.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from content_models.models import Recommendation
from workflows import actions
from workflows.models import FEEDBACK_NAME_MAX_LENGTH, FEEDBACK_TEXT_MAX_LENGTH

from .security.client_address import client_address

HONEYPOT = "website"
THROTTLE_KEY = "monitor:feedback-throttle:{address}"


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your feedback"), max_length=FEEDBACK_TEXT_MAX_LENGTH
    )
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=FEEDBACK_NAME_MAX_LENGTH, required=False
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=FEEDBACK_NAME_MAX_LENGTH,
        required=False,
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    consent_to_share = forms.BooleanField(required=False)


def _published_recommendation(pk: int) -> Recommendation:
    recommendation = Recommendation.objects.live().filter(pk=pk).first()
    if recommendation is None:
        raise Http404
    return recommendation


def _throttle_key(request) -> str:
    return THROTTLE_KEY.format(address=client_address(request) or "unknown")


def _throttled(request) -> bool:
    return cache.get(_throttle_key(request), 0) >= settings.FEEDBACK_THROTTLE_LIMIT


def _count_submission(request) -> None:
    """One more submission from this address, in a window that starts with
    the first one (``cache.add`` does not extend it)."""
    key = _throttle_key(request)
    cache.add(key, 0, timeout=settings.FEEDBACK_THROTTLE_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.FEEDBACK_THROTTLE_SECONDS)


def _received():
    return JsonResponse(
        {
            "message": _(
                "Thank you. Your feedback was sent to the lead agency; it is "
                "not published."
            )
        }
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def feedback(request, pk: int):
    """``GET``: the CSRF token for the form. ``POST``: submit feedback."""
    recommendation = _published_recommendation(pk)
    if request.method == "GET":
        return JsonResponse({"csrfToken": get_token(request)})
    if _throttled(request):
        response = JsonResponse(
            {
                "message": _(
                    "Too many submissions from your address. Please try again "
                    "in an hour."
                )
            },
            status=429,
        )
        response["Retry-After"] = str(settings.FEEDBACK_THROTTLE_SECONDS)
        return response
    if request.POST.get(HONEYPOT):
        _count_submission(request)
        return _received()  # the same answer, nothing stored
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {
                "message": _("Please correct the fields marked."),
                "errors": form.errors.get_json_data(),
            },
            status=400,
        )
    _count_submission(request)
    actions.receive_feedback(recommendation=recommendation, **form.cleaned_data)
    return _received()
