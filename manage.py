#!/usr/bin/env python
"""Django's command-line utility; defaults to the development settings."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Load the settings first: Django would otherwise hide a settings error
        # behind "Unknown command" for every command that is not built in.
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A configuration mistake deserves one readable line, not a traceback.
        message = " ".join(str(error).split())
        sys.stderr.write(f"Error: {message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
