"""Users and roles: the chief editor's screen. Nobody but a superuser makes superusers."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from xeber.editorial.models import AuditEntry, StaffProfile
from xeber.editorial.policy import Action, can

User = get_user_model()


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    extra = 1
    max_num = 1


admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "role_names"]
    list_filter = ["is_active", "groups"]

    @admin.display(description="roles")
    def role_names(self, user) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def _manages(self, request) -> bool:
        return can(request.user, Action.MANAGE_USERS)

    def has_module_permission(self, request) -> bool:
        return self._manages(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._manages(request)

    def has_add_permission(self, request) -> bool:
        return self._manages(request)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return self._manages(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser  # people are deactivated, not deleted

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "user",
        "action",
        "article_title",
        "from_state",
        "to_state",
        "detail",
    ]
    list_filter = ["action"]
    search_fields = ["article_title", "user__username"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.VIEW_AUDIT)

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.VIEW_AUDIT)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
