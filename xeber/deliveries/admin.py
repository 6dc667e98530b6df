"""What was sent where: editors see every delivery with its state, attempts and last error,
and may try a failed one again. Nothing here is edited by hand."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xeber.deliveries.models import Delivery
from xeber.deliveries.services import delivery_retry
from xeber.editorial.roles import editions_of


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["channel", "target", "action", "article", "state", "attempts", "last_error",
                    "due_at", "sent_at"]  # fmt: skip
    list_filter = ["state", "channel", "action"]
    search_fields = ["target", "article__title"]
    list_select_related = ["article"]
    actions = ["try_again"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        """Those of the editions the editor works on (and none of a story's elsewhere)."""
        deliveries = super().get_queryset(request)
        return deliveries.filter(
            Q(article__edition__in=editions_of(request.user)) | Q(article__isnull=True)
        )

    @admin.action(description=_("Try again now (failed ones)"), permissions=["change"])
    def try_again(self, request, queryset) -> None:
        retried = sum(delivery_retry(delivery) for delivery in queryset)
        messages.success(
            request,
            ngettext("%(count)d delivery will be tried again.",
                     "%(count)d deliveries will be tried again.", retried) % {"count": retried},
        )  # fmt: skip
