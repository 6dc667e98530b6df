"""Where the HTTP client may connect: exactly the addresses it checked, under the URL's name.

The operating system's resolver is played by a patched `socket.getaddrinfo` that answers
for the test's made-up names and leaves every other name to the real one.
"""

from __future__ import annotations

import socket
import ssl
import subprocess

import pytest

from tests.loopback import LoopbackServer, Route
from xeber.core.http import FetchError, fetch

# Global by the book (the PCP anycast address) yet routed nowhere here.
PUBLIC_BUT_UNREACHABLE = "192.0.0.9"
SELF_SIGNED = (
    "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
    " -subj /CN=bank.test -addext subjectAltName=DNS:bank.test"
)


@pytest.fixture
def resolver(monkeypatch):
    """`answers[name]`: the addresses each successive lookup of `name` returns."""
    answers: dict[str, list[str]] = {}
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        queue = answers[host]
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        return real_getaddrinfo(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_it_connects_to_the_address_it_checked_not_to_a_second_answer(resolver, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    settings.FETCH_CONNECT_TIMEOUT = 0.3
    with LoopbackServer() as inside:
        inside.routes["/secret"] = Route(b"internal only")
        # DNS rebinding: a public address for the check, loopback for whoever asks next.
        resolver["rebind.test"] = [PUBLIC_BUT_UNREACHABLE, "127.0.0.1"]
        with pytest.raises(FetchError, match=r"rebind\.test"):
            fetch(f"http://rebind.test:{inside.port}/secret")
        assert inside.requests == []


def test_a_name_that_does_not_resolve_says_so(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match=r"resolve '?no-such-host\.invalid"):
        fetch("http://no-such-host.invalid/")


def test_allowed_private_fetches_go_by_name_with_the_names_host_header(resolver, settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    with LoopbackServer() as inside:
        inside.routes["/bulletin.xml"] = Route(b"<ValCurs/>")
        resolver["bank.test"] = ["127.0.0.1"]
        response = fetch(f"http://bank.test:{inside.port}/bulletin.xml")
        assert response.body == b"<ValCurs/>"
        assert inside.hosts == [f"bank.test:{inside.port}"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for `bank.test` only, and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", *SELF_SIGNED.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_verifies_the_urls_name_not_the_address(resolver, settings, certificate, monkeypatch):
    cert, key = certificate
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this one certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with LoopbackServer(tls=tls) as bank:
        bank.routes["/x"] = Route(b"over tls")
        resolver["bank.test"] = ["127.0.0.1"]
        resolver["impostor.test"] = ["127.0.0.1"]
        assert fetch(f"https://bank.test:{bank.port}/x").body == b"over tls"
        with pytest.raises(FetchError, match="certificate"):
            fetch(f"https://impostor.test:{bank.port}/x")
