"""The identity form: what every edition shares, then each edition's own fields, named
`<edition>_<field>` (ru_name, az_address...)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import URLField
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from xeber.identity.models import EditionIdentity, Newsroom
from xeber.identity.services import EDITION_FIELDS, SHARED_FIELDS

IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif"


class IdentityForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    logo = forms.FileField(
        label=_("logo"), required=False,
        help_text=_("PNG, JPEG, WebP or GIF; shown 40 pixels high in the header."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )  # fmt: skip
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    icon = forms.FileField(
        label=_("icon"), required=False,
        help_text=_("A square picture of at least 192×192 pixels: browser tabs, phones' home "
                    "screens and push notifications show it."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shared = fields_for_model(Newsroom, fields=SHARED_FIELDS, formfield_callback=_https)
        shared["theme_colour"].widget = forms.TextInput(attrs={"type": "color"})
        self.fields.update(shared)
        for code, _name in settings.LANGUAGES:
            own = fields_for_model(EditionIdentity, fields=EDITION_FIELDS)
            for field, formfield in own.items():
                formfield.widget.attrs["lang"] = code  # what is typed is in the edition's language
                self.fields[f"{code}_{field}"] = formfield

    def shared_fields(self):
        return [self[field] for field in SHARED_FIELDS]

    def edition_fields(self):
        """[(edition code, edition name, [bound fields])]"""
        return [
            (code, name, [self[f"{code}_{field}"] for field in EDITION_FIELDS])
            for code, name in settings.LANGUAGES
        ]

    def shared_values(self) -> dict:
        return {field: self.cleaned_data[field] for field in SHARED_FIELDS}

    def edition_values(self) -> dict[str, dict]:
        return {
            code: {field: self.cleaned_data[f"{code}_{field}"] for field in EDITION_FIELDS}
            for code, _name in settings.LANGUAGES
        }


def _https(field, **options):
    """Links typed without a scheme are taken as https:// ones."""
    if isinstance(field, URLField):
        options["assume_scheme"] = "https"
    return field.formfield(**options)


def initial_of(newsroom: Newsroom | None) -> dict:
    """The form's values for what is stored (an unsaved identity: the defaults)."""
    newsroom = newsroom or Newsroom()
    initial = {field: getattr(newsroom, field) for field in SHARED_FIELDS}
    initial["base_version"] = newsroom.version
    rows = EditionIdentity.objects.filter(newsroom_id=newsroom.pk) if newsroom.pk else []
    for row in rows:
        for field in EDITION_FIELDS:
            initial[f"{row.edition}_{field}"] = getattr(row, field)
    return initial
