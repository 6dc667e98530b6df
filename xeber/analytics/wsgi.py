"""Beacons answered in front of Django: a read costs the cache round trips of counting it
and nothing else (no request object, no middleware, no session, no database)."""

from __future__ import annotations

from http import HTTPStatus

from xeber.analytics.beacon import BODY_LIMIT, PATH, answer
from xeber.core.throttle import client_address


class ReadsBeacon:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH:
            return self.application(environ, start_response)
        try:
            length = min(int(environ.get("CONTENT_LENGTH") or 0), BODY_LIMIT + 1)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        status, reason = answer(
            method=environ.get("REQUEST_METHOD", ""),
            body=body,
            client=client_address(environ),
            agent=environ.get("HTTP_USER_AGENT", ""),
        )
        content = reason.encode()
        headers = [
            ("Cache-Control", "no-store"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(content))),
        ]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [content]
