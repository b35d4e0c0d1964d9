"""Date and number formats of the site's language, New Zealand English.

Django has no ``en_NZ`` locale of its own and would fall back to American
English ("Oct. 1, 2024", "12/06/2026" for 6 December). ``FORMAT_MODULE_PATH``
points here. No ``en_NZ`` formats exist anywhere, so for the language
``en-nz`` Django looks for ``en`` next and finds ``en/formats.py`` here before
its own; an account still set to plain English (``en``) gets them too.
"""
