"""The posting desk's forms (desk.py): an entry, the end of a live page, its journalists."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from xeber.media.services import check_upload
from xeber.news.models import Author

# Short entries: emphasis, links, lists and quotes. A link alone in a paragraph becomes an
# embed when the entry is posted (as in article bodies).
ENTRY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"protocols": ["http", "https", "mailto"]},
        "HardBreak": True,
        "History": True,
    }
}


class EntryForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=AdminProseEditorWidget(config=ENTRY_EDITOR, preset="configurable"),
        help_text=_("A link to a post or video alone in a paragraph becomes an embed."),
    )
    image_upload = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB."),
    )
    image_alt = forms.CharField(label=_("Alternative text"), required=False, max_length=300)
    image_caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    image_credit = forms.CharField(label=_("Credit"), required=False, max_length=150)
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)
    author = forms.ModelChoiceField(
        label=_("Author"), queryset=Author.objects.all(), required=False
    )
    key_event = forms.BooleanField(label=_("Key event"), required=False)
    key_title = forms.CharField(
        label=_("Key event title"),
        required=False,
        max_length=200,
        help_text=_("Listed at the top of the page; empty: the entry's first words."),
    )
    pinned = forms.BooleanField(label=_("Pin to the top"), required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, may_pin: bool, editing: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_pin:
            del self.fields["pinned"]
        if not editing:
            del self.fields["remove_image"], self.fields["base_version"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("image_upload")
        if upload:
            if not (cleaned.get("image_alt") or "").strip():
                self.add_error("image_alt", _("Alternative text is required for an image."))
            try:
                check_upload(upload)
            except ValidationError as error:
                self.add_error("image_upload", error)
        return cleaned


class EndForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What readers should know, shown above the entries once it has ended."),
    )


class JournalistsForm(forms.Form):
    journalists = forms.ModelMultipleChoiceField(
        label=_("Journalists who post here"),
        required=False,
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_staff=True, is_active=True)
        self.fields["journalists"].queryset = staff.order_by("username")
