"""Chief editors add an edition's channels. The bot token is written once and never shown
again: the form leaves it empty, and an empty field keeps the stored one."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xeber.editorial.roles import editions_of
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

    def get_queryset(self, request):
        """The channels of the editions this chief editor works on."""
        return super().get_queryset(request).filter(edition__in=editions_of(request.user))

    def get_fields(self, request, obj=None):
        """The token is a field to write, never a value to read: a person who may only
        look at channels does not get it even as text."""
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj) and not self.has_add_permission(request):
            return [name for name in fields if name != "bot_token"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        editions = editions_of(request.user)
        if "edition" in form.base_fields:
            field = form.base_fields["edition"]
            field.choices = [choice for choice in field.choices if choice[0] in editions]
        return form
