"""Chief editors add an edition's channels. The bot token is written once and never shown
again: the form leaves it empty, and an empty field keeps the stored one."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xeber.telegram.models import TelegramChannel


class TelegramChannelForm(forms.ModelForm):
    bot_token = forms.CharField(
        label=_("bot token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("From @BotFather; the bot must be an administrator of the channel. "
                    "Never shown again: leave empty to keep the one saved."),
    )  # fmt: skip

    class Meta:
        model = TelegramChannel
        fields = ["edition", "name", "chat_id", "bot_token", "active"]

    def clean_bot_token(self) -> str:
        token = self.cleaned_data["bot_token"]
        if not token:
            if not self.instance.pk:
                raise forms.ValidationError(_("A new channel needs its bot's token."))
            return self.instance.bot_token
        if ":" not in token or len(token) > 100:
            raise forms.ValidationError(
                _("A bot token looks like 123456789:AAE… (from @BotFather).")
            )
        return token


@admin.register(TelegramChannel)
class TelegramChannelAdmin(admin.ModelAdmin):
    form = TelegramChannelForm
    list_display = ["name", "edition", "chat_id", "active", "created_at"]
    list_filter = ["edition", "active"]
