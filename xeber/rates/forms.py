from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

PERIODS = [(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))]


class RatesQueryForm(forms.Form):
    """Everything the rates page takes from the query string, validated in one place."""

    date = forms.DateField(label=_("Date"), required=False, input_formats=["%Y-%m-%d"])
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal("1000000000000"),
        max_digits=18,
        decimal_places=4,
    )
    source = forms.CharField(label=_("From"), required=False, max_length=8)
    target = forms.CharField(label=_("To"), required=False, max_length=8)
    code = forms.CharField(label=_("Currency"), required=False, max_length=8)
    days = forms.TypedChoiceField(
        label=_("Period"), choices=PERIODS, coerce=int, required=False, empty_value=30
    )

    def clean_source(self):
        return (self.cleaned_data.get("source") or "USD").upper()

    def clean_target(self):
        return (self.cleaned_data.get("target") or "AZN").upper()

    def clean_code(self):
        return (self.cleaned_data.get("code") or "USD").upper()
