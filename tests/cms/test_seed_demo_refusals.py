"""seed_demo refuses bad input and production settings, writing nothing.

On an empty database (the demo itself is seeded once, in
``test_seed_demo.py``).
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connections
from wagtail.models import Revision

from cms.demo.management.commands.seed_demo import Command
from content_models.models import Agency

from .seed_demo_support import REFUSAL, counts, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings):
    """The command's usual home: a developer's machine (cms.settings.dev)."""
    settings.DEBUG = True


@pytest.mark.parametrize("value", ["-1", "0", "abc", "1.5"])
def test_a_bad_scale_is_refused_before_anything_is_written(value):
    before = counts()

    with pytest.raises(CommandError) as error:
        seed("--scale", value)

    assert str(error.value) == (
        f"--scale must be a whole number of at least 1, not {value!r}."
    )
    assert counts() == before
    assert before["Agency"] == 0


def test_a_bad_scale_exits_non_zero_from_the_command_line(capsys, monkeypatch):
    # run_from_argv closes every connection when it ends, the test's included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(
            ["manage.py", "seed_demo", "--scale", "abc", "--skip-checks"]
        )

    assert exit_info.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: --scale must be a whole number of at least 1, not 'abc'.\n"
    )
    assert Agency.objects.count() == 0


def test_refused_when_debug_is_off_and_nothing_is_written(settings):
    settings.DEBUG = False
    before = counts()

    with pytest.raises(CommandError) as error:
        seed()

    assert str(error.value) == REFUSAL
    assert counts() == before
    assert get_user_model().objects.count() == 0
    assert before["Agency"] == 0 and before["Recommendation"] == 0


def test_the_refusal_exits_non_zero_from_the_command_line(
    settings, capsys, monkeypatch
):
    settings.DEBUG = False
    # run_from_argv closes every connection when it ends, the test's included.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "seed_demo", "--skip-checks"])

    assert exit_info.value.code == 1
    assert capsys.readouterr().err == f"CommandError: {REFUSAL}\n"
    assert get_user_model().objects.count() == 0
    assert Agency.objects.count() == 0
    assert Revision.objects.count() == 0
