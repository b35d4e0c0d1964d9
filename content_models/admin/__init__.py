"""The Monitor's Wagtail admin: snippet viewsets, listing filters, edit forms.

``content_models.wagtail_hooks`` registers them.
"""
