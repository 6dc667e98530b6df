"""Whatever the header shows was changed: let the next page rebuild it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from xeber.core.cache import cache_recovered
from xeber.news.masthead import masthead_changed
from xeber.news.models import BreakingNews, Section
from xeber.rates.models import Rate
from xeber.rates.signals import rates_stored


@receiver([post_save, post_delete], sender=BreakingNews)
@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Rate)
def refresh_masthead(**kwargs) -> None:
    masthead_changed()


@receiver(rates_stored)
def refresh_masthead_for_rates(**kwargs) -> None:
    masthead_changed()


@receiver(cache_recovered)  # changes made while the cache was down never reached it
def refresh_masthead_after_outage(**kwargs) -> None:
    masthead_changed(committing=False)
