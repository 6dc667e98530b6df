from django.dispatch import Signal

# Sent after a bulletin's rates were stored (bulk writes send no post_save).
rates_stored = Signal()
