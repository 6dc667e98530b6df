from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

PERIODS = [(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))]


class CurrencyCodeField(forms.RegexField):
    """A code as the bank writes them (and the CSV address takes them), upper-cased;
    `default` when absent. Anything else is an error, never a code passed on."""

    def __init__(self, *, default: str, **kwargs):
        self.default = default
        super().__init__(
            r"\A[A-Za-z]{3,4}\Z",
            required=False,
            error_messages={
                "invalid": _("A currency code is three or four Latin letters, such as USD.")
            },
            **kwargs,
        )

    def clean(self, value):
        return (super().clean(value) or self.default).upper()


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
    source = CurrencyCodeField(label=_("From"), default="USD")
    target = CurrencyCodeField(label=_("To"), default="AZN")
    code = CurrencyCodeField(label=_("Currency"), default="USD")
    days = forms.TypedChoiceField(
        label=_("Period"), choices=PERIODS, coerce=int, required=False, empty_value=30
    )
