"""Reporting reminders: prompts, overdue reminders, escalation and digests.

- ``rules``: what each rule would say at a given moment (reads only);
- ``recipients``: agencies' people and mailboxes, lead agencies, in bulk;
- ``delivery``: record each notice once in the ``Reminder`` log, grouped into
  ``ReminderMessage`` e-mails, then send them;
- ``rendering``: the e-mails' subject, text and HTML;
- ``conf``: thresholds from ``settings.MONITOR_REMINDERS``.

Entry points: ``workflows.actions.send_due_reminders`` (the command
``send_reminders`` and the daily task ``workflows.tasks.send_daily_reminders``
both call it).
"""
