"""Sign-in throttle and security headers of the host site.

A small app inside the host project: the lockout page and the administrators'
unlock screen (django-axes), the client address behind a proxy, and the
Content-Security-Policy middleware. Settings are in ``cms/settings/base.py``
("Sign-in throttle", "Security headers").
"""
