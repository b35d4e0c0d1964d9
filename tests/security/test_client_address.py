"""Which address the sign-in throttle counts, with and without proxies."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from cms.security.client_address import client_address

from .conftest import PASSWORD, WRONG, sign_in, signed_in_as

PROXY = "10.0.0.1"


def address(settings, header, proxies, **meta):
    settings.CLIENT_IP_HEADER = header
    settings.TRUSTED_PROXY_COUNT = proxies
    return client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY, **meta))


@pytest.mark.parametrize(
    ("header", "proxies", "meta", "expected"),
    [
        # No proxy configured: the peer, whatever the client claims.
        ("", 1, {"HTTP_X_FORWARDED_FOR": "192.0.2.9"}, PROXY),
        # One proxy: the entry it appended (right-most); forged ones ignored.
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "192.0.2.9"}, "192.0.2.9"),
        (
            "X-Forwarded-For",
            1,
            {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.9"},
            "192.0.2.9",
        ),
        # Two proxies: the entry the outer one appended.
        (
            "X-Forwarded-For",
            2,
            {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.9, 10.0.0.2"},
            "192.0.2.9",
        ),
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        # Not through the proxy, or garbage: the peer.
        ("X-Forwarded-For", 1, {}, PROXY),
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "unknown"}, PROXY),
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": " , "}, PROXY),
        # A single-value header is taken whole.
        ("X-Real-IP", 1, {"HTTP_X_REAL_IP": "192.0.2.10"}, "192.0.2.10"),
        ("X-Real-IP", 1, {"HTTP_X_REAL_IP": "1.2.3.4, 5.6.7.8"}, PROXY),
    ],
)
def test_client_address(settings, header, proxies, meta, expected):
    assert address(settings, header, proxies, **meta) == expected


@pytest.mark.django_db
def test_behind_a_proxy_one_persons_failures_do_not_lock_out_the_proxy(
    settings, people
):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for number in range(10):
        response = sign_in(
            attacker,
            f"guess{number}",
            WRONG,
            address=PROXY,
            # A forged left-most entry changes nothing.
            HTTP_X_FORWARDED_FOR=f"6.6.6.{number}, 198.51.100.7",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.7"
    }
    assert (
        sign_in(
            Client(),
            "bob",
            PASSWORD,
            address=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        ).status_code
        == 429
    )

    # Positive control: someone else through the same proxy signs in.
    colleague = Client()
    response = sign_in(
        colleague, "bob", PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50"
    )
    assert response.status_code == 302
    assert signed_in_as(colleague) == "bob"
