from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from xeber.news.models import Section


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("All sections"),
    )
    since = forms.DateField(label=_("From"), required=False, input_formats=["%Y-%m-%d"])
    until = forms.DateField(label=_("To"), required=False, input_formats=["%Y-%m-%d"])
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Most relevant")), ("date", _("Newest first"))],
    )

    def __init__(self, *args, edition: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(edition=edition)
        # A query is plain text: a stray NUL is dropped, not an error (see clean_q).
        self.fields["q"].validators = [
            v
            for v in self.fields["q"].validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", " ")
