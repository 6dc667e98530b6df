import os

from django.core.wsgi import get_wsgi_application

from xeber.analytics.wsgi import ReadsBeacon
from xeber.pagecache.wsgi import CachedPagesApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeber.settings")
# Reads' beacons and page-cache hits are answered in front of Django
# (xeber/analytics/wsgi.py, xeber/pagecache/wsgi.py).
application = ReadsBeacon(CachedPagesApplication(get_wsgi_application()))
