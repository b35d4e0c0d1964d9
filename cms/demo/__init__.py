"""The demonstration data: a hand-made New Zealand demo written through
Wagtail, demo logins per role, and synthetic bulk data for benchmarks
(``manage.py seed_demo``). Development and benchmarks only."""
