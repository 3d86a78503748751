"""The documented deployment: nginx (deploy/nginx.conf.template) in front of the app.

The module renders the site with deploy/nginx.py for a temporary directory and
starts nginx there (deploy/local.py: in the foreground, on free loopback ports,
with a self-signed certificate) in front of a live Django server that serves
one request at a time, as a gunicorn sync worker does.
Without nginx the tests that need it are skipped, unless
NEWSROOM_REQUIRE_NGINX=1 (as in CI), when they fail instead.
"""

import http.client
import json
import os
import shutil
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from deploy.local import LocalNginx, find_nginx
from deploy.nginx import client_max_body_size, render
from tests.factories import ArticleFactory

SECRET = b"outside-media: must never be served"


def _missing(reason):
    if os.environ.get("NEWSROOM_REQUIRE_NGINX") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


class OneRequestAtATime(LiveServerThread):
    """The live server, without threads: like a sync worker, it reads and
    answers one request before it accepts the next."""

    def _create_server(self, connections_override=None):
        return WSGIServer(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )


@pytest.fixture(scope="module")
def app_port(django_db_setup):
    shared = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    server = OneRequestAtATime(
        "127.0.0.1", StaticFilesHandler, connections_override=shared
    )
    server.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield server.port
    finally:
        server.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@dataclass
class Site:
    base: Path
    media: Path
    acme: Path
    http_port: int
    https_port: int
    app_port: int
    tls: ssl.SSLContext


@pytest.fixture(scope="module")
def _nginx(app_port):
    """nginx with the repository's site, in front of the one-at-a-time app."""
    if not find_nginx():
        _missing("nginx is not installed (apt-get install nginx).")
    if not shutil.which("openssl"):
        _missing("openssl is needed to make the test's certificate.")
    # World-readable, so nginx's workers (nobody, when the tests run as root)
    # can read the media.
    base = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
    base.chmod(0o755)
    nginx = None
    try:
        media = base / "media"
        media.mkdir()
        nginx = LocalNginx(
            base,
            app=f"127.0.0.1:{app_port}",
            media_root=media,
            max_upload_bytes=django_settings.IMAGE_MAX_UPLOAD_BYTES,
            media_url=django_settings.MEDIA_URL,
        ).start()
        yield Site(
            base,
            media,
            nginx.acme_root,
            nginx.http_port,
            nginx.https_port,
            app_port,
            ssl.create_default_context(cafile=str(nginx.certificate)),
        )
    finally:
        if nginx:
            nginx.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def site(_nginx, transactional_db, settings):
    """nginx in front of the app, set as production runs it behind one proxy.

    The app shares the test's database connection on SQLite, so every request
    needs the test's database access, even one that reads nothing.
    """
    settings.ROOT_URLCONF = "tests.deploy.urls"
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return _nginx


def fetch(site, path, *, method="GET", headers=None, body=None, tls=True):
    """Status, headers and body of one request to nginx."""
    if tls:
        connection = http.client.HTTPSConnection(
            "localhost", site.https_port, context=site.tls, timeout=10
        )
    else:
        connection = http.client.HTTPConnection("localhost", site.http_port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def open_tls(site, server_name="localhost"):
    raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=5)
    try:
        return site.tls.wrap_socket(raw, server_hostname=server_name)
    except BaseException:
        raw.close()
        raise


# Rendering -----------------------------------------------------------------


def test_nginx_takes_the_apps_upload_limit_with_room_for_the_form():
    assert client_max_body_size(25 * 1024 * 1024) == "26m"
    assert client_max_body_size(25 * 1024 * 1024 + 1) == "27m"


def _render(**changes):
    options = {
        "server_names": ["news.example.org"],
        "app": "127.0.0.1:8000",
        "media_url": "/media/",
        "media_root": "/srv/newsroom/media",
        "max_upload_bytes": 25 * 1024 * 1024,
        "certificate": "/etc/ssl/news.pem",
        "certificate_key": "/etc/ssl/news.key",
    }
    return render(**{**options, **changes})


def test_the_site_listens_on_every_address_by_default_and_serves_media_from_disk():
    text = _render()

    assert "listen 443 ssl http2;" in text
    assert "listen [::]:443 ssl http2;" in text
    assert "server 127.0.0.1:8000;" in text
    assert "alias /srv/newsroom/media/;" in text
    assert "client_max_body_size 26m;" in text
    assert "return 301 https://$host$request_uri;" in text


@pytest.mark.parametrize(
    "changes",
    [
        {"server_names": ["news.example.org; include /etc/shadow"]},
        {"server_names": []},
        {"media_root": "media"},
        {"media_url": "https://cdn.example.org/media/"},
        {"app": "127.0.0.1:8000 backup"},
    ],
)
def test_values_that_would_change_the_configuration_are_refused(changes):
    with pytest.raises(ValueError, match="nginx|MEDIA|server name"):
        _render(**changes)


# Pages through the proxy -----------------------------------------------------


def test_reader_pages_come_through_with_the_apps_headers(site):
    article = ArticleFactory(published=True, headline="Floods close the Pamir road")

    status, headers, body = fetch(site, article.get_absolute_url())
    again_status, again, _ = fetch(site, article.get_absolute_url())
    not_modified, _, _ = fetch(
        site, article.get_absolute_url(), headers={"If-None-Match": again["ETag"]}
    )

    assert status == 200
    assert "Floods close the Pamir road" in body.decode()
    assert "s-maxage=" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Server"] == "nginx"
    assert (headers["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again_status == 200
    assert not_modified == 304


def test_pages_are_compressed_for_readers_who_accept_gzip(site):
    ArticleFactory(published=True)

    status, headers, _ = fetch(site, "/", headers={"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]


def test_the_app_sees_https_its_host_and_the_readers_real_address(site):
    status, _, body = fetch(
        site, "/deploy-echo/", headers={"X-Forwarded-For": "203.0.113.9"}
    )
    _, _, robots = fetch(site, "/robots.txt")

    assert status == 200
    seen = json.loads(body)
    assert seen["secure"] is True
    assert seen["host"] == f"localhost:{site.https_port}"
    # The forged hop stays on the left; the app trusts only nginx's.
    assert seen["forwarded_for"] == "203.0.113.9, 127.0.0.1"
    assert seen["client_ip"] == "127.0.0.1"
    assert f"Sitemap: https://localhost:{site.https_port}/" in robots.decode()


def test_http_redirects_to_the_same_address_on_https(site):
    status, headers, _ = fetch(site, "/section/politics/?page=2", tls=False)

    assert status == 301
    assert headers["Location"] == (
        f"https://localhost:{site.https_port}/section/politics/?page=2"
    )


def test_certbot_can_answer_its_challenge_over_http(site):
    (site.acme / ".well-known" / "acme-challenge" / "token-1").write_text("proof")

    status, _, body = fetch(site, "/.well-known/acme-challenge/token-1", tls=False)

    assert (status, body) == (200, b"proof")


def test_other_host_names_never_reach_the_app(site):
    with pytest.raises(http.client.RemoteDisconnected):
        fetch(site, "/deploy-echo/", headers={"Host": "evil.example"}, tls=False)
    with pytest.raises(http.client.RemoteDisconnected):
        fetch(site, "/deploy-echo/", headers={"Host": "evil.example"})
    with pytest.raises(ssl.SSLError):
        open_tls(site, server_name="evil.example").close()


def test_an_upload_as_large_as_the_app_accepts_passes_and_a_larger_one_is_refused(
    site,
):
    allowed = django_settings.IMAGE_MAX_UPLOAD_BYTES + 512 * 1024

    status, _, body = fetch(site, "/deploy-echo/", method="POST", body=b"x" * allowed)

    assert status == 200
    assert json.loads(body)["received"] == allowed
    with open_tls(site) as tls:
        tls.sendall(
            f"POST /deploy-echo/ HTTP/1.1\r\nHost: localhost:{site.https_port}\r\n"
            f"Content-Length: {allowed + 1024 * 1024}\r\n\r\n".encode()
        )
        assert tls.recv(64).startswith(b"HTTP/1.1 413")


# Media -----------------------------------------------------------------------


def test_renditions_are_served_from_disk_for_a_year(site):
    rendition = site.media / "renditions" / "2026" / "11" / "flood-c5050-800.webp"
    rendition.parent.mkdir(parents=True, exist_ok=True)
    rendition.write_bytes(b"RIFF....WEBPVP8 picture")

    status, headers, body = fetch(
        site, "/media/renditions/2026/11/flood-c5050-800.webp"
    )

    assert (status, body) == (200, b"RIFF....WEBPVP8 picture")
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_uploaded_originals_are_kept_a_day_since_a_name_can_come_back(site):
    original = site.media / "images" / "2026" / "11" / "flood.jpg"
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"\xff\xd8\xff original")

    status, headers, body = fetch(site, "/media/images/2026/11/flood.jpg")

    assert (status, body) == (200, b"\xff\xd8\xff original")
    assert headers["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("path", ["/media/", "/media/renditions/", "/media/images/"])
def test_media_folders_are_never_listed(site, path):
    listed = site.media / path.removeprefix("/media/") / "listed-name.webp"
    listed.parent.mkdir(parents=True, exist_ok=True)
    listed.write_bytes(b"x")

    status, _, body = fetch(site, path)

    assert status in (403, 404)
    assert b"listed-name" not in body


@pytest.mark.parametrize(
    ("path", "refused_with"),
    [
        # nginx refuses a ".." segment, plain or encoded, wherever it is.
        ("/media/../secret.txt", 400),
        ("/media/%2e%2e/secret.txt", 400),
        ("/media/..%2fsecret.txt", 400),
        ("/media/%2E%2E%2Fsecret.txt", 400),
        ("/media/renditions/../../secret.txt", 400),
        # Not /media/: the app's own 404.
        ("/media../secret.txt", 404),
        # Symbolic links below MEDIA_ROOT are not followed.
        ("/media/link-out.txt", 403),
        ("/media/folder-out/secret.txt", 404),
    ],
)
def test_paths_out_of_media_are_refused(site, path, refused_with):
    (site.base / "secret.txt").write_bytes(SECRET)
    for link, target in (
        ("link-out.txt", site.base / "secret.txt"),
        ("folder-out", site.base),
    ):
        if not (site.media / link).is_symlink():
            (site.media / link).symlink_to(target)

    status, _, body = fetch(site, path)

    assert status == refused_with
    assert SECRET not in body


# Slow clients ----------------------------------------------------------------

DRIP_EVERY = 0.2


class Drip:
    """Connections that send their request a little at a time, on a thread,
    for at most ``seconds``; closed on exit."""

    def __init__(self, sockets, start, then, *, seconds=5):
        self.sockets, self.then, self.seconds = sockets, then, seconds
        for sock in sockets:
            sock.sendall(start)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def _drip(self):
        deadline = time.monotonic() + self.seconds
        while not self.stop.wait(DRIP_EVERY) and time.monotonic() < deadline:
            for sock in self.sockets:
                try:
                    sock.sendall(self.then)
                except OSError:
                    pass

    def __enter__(self):
        self.thread.start()
        time.sleep(2 * DRIP_EVERY)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


SLOW = {
    # Headers a line at a time, never the blank line that ends them.
    "headers": (b"GET /deploy-echo/ HTTP/1.1\r\nHost: localhost\r\n", b"X-Drip: 1\r\n"),
    # Whole headers, then a body promised 1,000 bytes long, a byte at a time.
    "body": (
        b"POST /deploy-echo/ HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Length: 1000\r\n\r\nx",
        b"x",
    ),
}


@pytest.mark.parametrize("slow", ["headers", "body"])
def test_slow_clients_wait_in_nginx_and_the_app_keeps_answering(site, slow):
    start, then = SLOW[slow]
    with Drip([open_tls(site) for _ in range(5)], start, then):
        started = time.monotonic()
        status, _, _ = fetch(site, "/deploy-echo/")
        took = time.monotonic() - started

    assert status == 200
    assert took < 1


@pytest.mark.parametrize("slow", ["headers", "body"])
def test_without_nginx_one_slow_client_holds_the_app(site, slow):
    """The check above means something: the app alone is held by one client."""
    start, then = SLOW[slow]
    direct = socket.create_connection(("127.0.0.1", site.app_port), timeout=5)
    with Drip([direct], start, then):
        connection = http.client.HTTPConnection("127.0.0.1", site.app_port, timeout=1)
        try:
            with pytest.raises(TimeoutError):
                connection.request("GET", "/deploy-echo/")
                connection.getresponse()
        finally:
            connection.close()
