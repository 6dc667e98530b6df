from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from xeber.accounts.services import session_forgotten, session_started


@receiver(user_logged_in)
def noted(sender, request, user, **kwargs):
    session_started(request, user)


@receiver(user_logged_out)
def forgotten(sender, request, user, **kwargs):
    session_forgotten(request)
