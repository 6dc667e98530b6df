"""The production settings module, fed the environment a test run needs."""

import os

# Production-like (DEBUG off) over plain HTTP on loopback.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# the same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# As `make run`'s demo: off, so the suite's journalists sign in with a password; the tests of
# two-factor sign-in turn it on (tests/test_two_factor.py).
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")

from xeber.settings import *  # noqa: F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when absent)

# Argon2 is deliberately slow; the suite creates hundreds of users. Production keeps Argon2
# (tests/test_editorial_security.py checks the setting and that Argon2 hashes verify).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files of a test run go to a throwaway folder, never the developer's var/.
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="xeber-test-media-"))  # noqa: F405
# So do the page cache's versions, which a server running on this machine would share.
if not REDIS_URL:  # noqa: F405
    VERSIONS_DIR = Path(tempfile.mkdtemp(prefix="xeber-test-versions-"))  # noqa: F405
    CACHES["versions"]["LOCATION"] = str(VERSIONS_DIR / "versions.sqlite3")  # noqa: F405

# A VAPID key pair of the test run's own, so pages carry the alerts bell as in production.
from py_vapid import Vapid  # noqa: E402

_vapid = Vapid()
_vapid.generate_keys()
VAPID_PRIVATE_KEY_FILE = Path(tempfile.mkdtemp(prefix="xeber-test-vapid-")) / "vapid.pem"  # noqa: F405
VAPID_PRIVATE_KEY_FILE.write_bytes(_vapid.private_pem())
PUSH_CONTACT = "mailto:newsroom@example.org"
