"""The back office: Django's admin, tuned for a newsroom (see each module)."""

from xeber.editorial.admin import articles, breaking, catalogue, galleries, people  # noqa: F401
from xeber.editorial.admin.site import configure_site

configure_site()
