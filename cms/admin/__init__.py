"""The editors' Wagtail admin of the Monitor: snippet viewsets, edit panels,
widgets, agency-scoped views, dashboard panels and the admin's hooks.

It stands on every other app (``content_models`` for the models,
``workflows`` for roles, scoping and approval, ``importers`` for the export
buttons); nothing imports it.
"""
