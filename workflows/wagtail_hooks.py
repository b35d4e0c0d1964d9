"""Wagtail admin hooks of the workflows app: dashboard panels and the
"write the report" link of reminders."""

from wagtail import hooks

from . import dashboard, write_report


@hooks.register("construct_homepage_panels")
def add_reporting_panels(request, panels):
    panels.extend(dashboard.panels_for(request))


@hooks.register("register_admin_urls")
def register_write_report_url():
    return write_report.urlpatterns
