"""The admin's upload and confirmation forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf, permissions
from .models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (any Excel flavour) or an Excel workbook (.xlsx)."),
    )
    publish = forms.BooleanField(
        label=_("Publish what the import creates or changes"),
        required=False,
        help_text=_("Unticked, everything is saved as drafts for review."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [
            (value, label)
            for value, label in ImportKind.choices
            if permissions.can_import(user, value)
        ]
        if not any(
            permissions.can_publish_import(user, value)
            for value, _label in ImportKind.choices
        ):
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.get("MAX_FILE_SIZE")
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; files larger than %(limit).1f MB are "
                    "refused. Split it into smaller files."
                )
                % {"size": upload.size / 1048576, "limit": limit / 1048576}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if (
            cleaned.get("publish")
            and kind
            and not permissions.can_publish_import(self.user, kind)
        ):
            self.add_error(
                "publish", _("You may not publish %(kind)s.") % {"kind": kind}
            )
        return cleaned


class ConfirmForm(forms.Form):
    publish = forms.BooleanField(
        label=_("Publish what the import creates or changes"),
        required=False,
    )

    def __init__(self, *args, user, run, **kwargs):
        super().__init__(*args, **kwargs)
        if not permissions.can_publish_import(user, run.kind):
            del self.fields["publish"]
        else:
            self.fields["publish"].initial = run.publish
