"""Signed, expiring preview links for unpublished articles."""

from django.core.signing import TimestampSigner

PREVIEW_SALT = "xeber.preview"


def preview_token(article) -> str:
    return TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))
