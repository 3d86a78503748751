"""What an attacker meets: password guessing, security headers, what is public."""

import json
import logging
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from gunicorn.config import Config

from newsroom.gunicorn_logging import JSONAccessLogger
from tests.support import ROOT, load_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor_account():
    user = User.objects.create_user("nadin", password="a long and right password")
    user.is_staff = True
    user.save()
    return user


def _log_in(client, password, *, username="nadin", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_password_guessing_is_locked_out_and_logged(client, editor_account, caplog):
    caplog.set_level(logging.WARNING)
    answers = [_log_in(client, f"guess {n}").status_code for n in range(5)]

    locked = _log_in(client, "a long and right password")

    # The login form again with its error, until the fifth wrong password.
    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "try again in 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    failures = [r for r in caplog.records if "login failure" in r.getMessage()]
    assert len(failures) >= 5
    assert "203.0.113.7" in failures[0].getMessage()


def test_guessing_one_username_from_many_addresses_is_locked_out(
    client, editor_account
):
    for n in range(5):
        _log_in(client, f"guess {n}", address=f"198.51.100.{n + 1}")

    locked = _log_in(client, "a long and right password", address="192.0.2.55")

    assert locked.status_code == 429


def test_guessing_many_usernames_from_one_address_is_locked_out(client, editor_account):
    for n in range(5):
        _log_in(client, "guess", username=f"someone{n}")

    locked = _log_in(client, "a long and right password")

    assert locked.status_code == 429


def test_a_right_password_after_a_few_mistakes_logs_in(client, editor_account):
    for n in range(3):
        _log_in(client, f"guess {n}")

    response = _log_in(client, "a long and right password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor_account.pk)


def test_the_admin_address_comes_from_the_environment():
    result = load_settings(
        NEWSROOM_ADMIN_PATH="/desk-7f3a/",
        show="__import__('django.urls').urls.reverse('admin:index')",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "'/desk-7f3a/'"


# Headers.


def _policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }


def test_reader_pages_have_a_content_security_policy_without_inline_script(
    client, published_article
):
    for url in ("/", published_article.get_absolute_url(), "/search/?q=police"):
        policy = _policy(client.get(url))

        assert policy["default-src"] == ["'none'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url


def test_a_cached_page_carries_the_same_headers(client, published_article):
    url = published_article.get_absolute_url()
    first = client.get(url)

    cached = client.get(url)

    assert cached["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy"):
        assert cached[header] == first[header]


def test_the_story_editor_loads_under_the_policy_with_a_nonce(client, editor):
    client.force_login(editor)

    response = client.get("/admin/articles/article/add/")

    assert response.status_code == 200
    nonces = [
        source
        for source in _policy(response)["script-src"]
        if source.startswith("'nonce-")
    ]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    page = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in page
    assert " onfocus=" not in page and " onclick=" not in page


def test_every_response_has_a_permissions_policy(client):
    response = client.get("/robots.txt")

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_production_sends_hsts_for_a_year_without_preload():
    result = load_settings(
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example",
        show="(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(31536000, False)"


def test_the_documented_production_setup_passes_check_deploy(tmp_path):
    environ = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k3-" + "a1B2c3D4e5F6g7H8i9J0" * 3,
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
    }

    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Logs and what is public.


def test_access_log_lines_stay_json_whatever_the_url_holds(capsys):
    config = Config()
    config.set("accesslog", "-")
    config.set(
        "access_log_format",
        load_gunicorn_config()["access_log_format"],
    )
    logger = JSONAccessLogger(config)
    request = SimpleNamespace(headers=[], method="GET")
    response = SimpleNamespace(
        status="200 OK", headers=[("X-Page-Cache", "hit")], sent=512
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": '/search/?q=a\\b"c\x01',
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }

    logger.access(response, request, environ, _elapsed(0.004))

    entry = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert entry["request"] == 'GET /search/?q=a\\b"c\x01 HTTP/1.1'
    assert entry["status"] == 200
    assert entry["cache"] == "hit"


def load_gunicorn_config():
    namespace = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    return namespace


def _elapsed(seconds):
    from datetime import timedelta

    return timedelta(seconds=seconds)


def test_a_request_for_a_host_we_do_not_serve_logs_one_warning(client, caplog):
    caplog.set_level(logging.WARNING)

    response = client.get("/", headers={"host": "attacker.example"})

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    assert record.exc_info is None


def test_the_static_files_manifest_is_not_served(tmp_path, settings):
    static = tmp_path / "static"
    static.mkdir()
    (static / "site.css").write_text("body { color: black; }\n")
    settings.STATICFILES_DIRS = [static]
    settings.STATICFILES_FINDERS = [
        "django.contrib.staticfiles.finders.FileSystemFinder"
    ]
    settings.STATIC_ROOT = tmp_path / "public"
    settings.STATIC_MANIFEST_ROOT = tmp_path / "manifest"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "newsroom.storage.StaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    public = {path.name for path in (tmp_path / "public").iterdir()}
    assert "staticfiles.json" not in public
    assert any(name.startswith("site.") and name.endswith(".css") for name in public)
    assert (tmp_path / "manifest" / "staticfiles.json").exists()
