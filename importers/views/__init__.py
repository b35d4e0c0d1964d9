"""Views of the importers: the admin's (``admin``), the public export (``public``)."""
