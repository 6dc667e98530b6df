import os

from django.core.wsgi import get_wsgi_application

from xeber.pagecache.wsgi import CachedPagesApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xeber.settings")
# Page-cache hits are answered in front of Django (xeber/pagecache/wsgi.py).
application = CachedPagesApplication(get_wsgi_application())
