"""New Zealand English formats: ``6 Dec 2026`` and ``6 December 2026 3:52 pm``.

Django's date format letters give "a.m."/"p.m." for ``a``; New Zealand writing
has "am"/"pm", which the site's translation catalogue supplies
(``cms/locale/en/LC_MESSAGES/django.po``, used for en-nz too).

Typed dates are day first: 6/12/2026 is 6 December. Wagtail's date pickers
write ``WAGTAIL_DATE_FORMAT`` (``%d/%m/%Y``), which must be among the
``DATE_INPUT_FORMATS`` below (system check ``wagtailadmin.E003``). ISO dates
(2026-12-06) are accepted too: they are what the CSV files and the API use.
"""

# The *_FORMAT strings use Django's date format letters
# (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
DATE_FORMAT = "j M Y"  # 6 Dec 2026
SHORT_DATE_FORMAT = "j M Y"  # 6 Dec 2026
TIME_FORMAT = "g:i a"  # 3:52 pm
DATETIME_FORMAT = "j F Y g:i a"  # 6 December 2026 3:52 pm
SHORT_DATETIME_FORMAT = "j M Y g:i a"  # 6 Dec 2026 3:52 pm
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 6 December
FIRST_DAY_OF_WEEK = 1  # Monday

# The *_INPUT_FORMATS strings use Python's strftime letters.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 06/12/2026 (the date picker's)
    "%Y-%m-%d",  # 2026-12-06
    "%d/%m/%y",  # 06/12/26
    "%d %b %Y",  # 6 Dec 2026
    "%d %B %Y",  # 6 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 06/12/2026 15:52 (the date-time picker's)
    "%d/%m/%Y %H:%M:%S",  # 06/12/2026 15:52:00
    "%Y-%m-%d %H:%M",  # 2026-12-06 15:52
    "%Y-%m-%d %H:%M:%S",  # 2026-12-06 15:52:00
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-06 15:52:00.000200
    "%d/%m/%Y",  # 06/12/2026 (midnight)
    "%Y-%m-%d",  # 2026-12-06 (midnight)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 15:52 (the time picker's)
    "%H:%M:%S",  # 15:52:00
    "%I:%M %p",  # 3:52 PM
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
