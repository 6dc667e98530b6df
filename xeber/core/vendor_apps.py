"""Other projects' apps under names the newsroom reads in its own language in the back
office's side bar (their own configs name them in English, untranslated)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class SignInLockoutConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")


class TaskQueueConfig(TasksAppConfig):
    verbose_name = _("Task queue")
