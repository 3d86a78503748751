"""Outage drills: the documented deployment under load while its parts fail.

    python3 run.py bench drills        # installs nginx with apt-get if missing
    python bench/drills.py --seconds 4

Everything runs on loopback, started by the drill in a temporary directory and
stopped by it, also on Ctrl+C or an error: its own PostgreSQL cluster (initdb,
a free port), its own redis-server, gunicorn as production runs it
(gunicorn.conf.py, 2 sync workers, DJANGO_ENV=production,
NEWSROOM_TRUSTED_PROXIES=1) and nginx with the repository's site
(deploy/nginx.conf.template, a self-signed certificate). The machine's own
PostgreSQL and Redis are never touched.

The demo site is seeded (manage.py seed_demo). In each phase its home page, a
section and a story, warmed into the page cache first, are asked for over
HTTPS by four readers, and a new reader posts a comment four times a second
with tokens from /reader/state/<id>/, as the story page's script gets them
(or, if they do not come, tokens got before the phase):

1. Redis is killed, then started again, empty.
2. Redis is frozen (SIGSTOP), then let go (SIGCONT).
3. PostgreSQL is stopped, then started again; the app is not restarted.
4. 200 connections drip their headers at nginx, a line a second, while a
   normal request is timed on a new connection twice a second.

Then, for reference and with no target, two such connections go straight to
gunicorn, with no proxy, and a normal request is timed the same way.

A comment is lost when its POST neither stored a row nor answered 503 with
the reader's text in the page. The table goes to stdout and to
bench/results/drills.md; the exit status is 1 if a target was missed.
"""

import argparse
import contextlib
import glob
import html
import http.client
import http.cookies
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.local import (  # noqa: E402
    LocalNginx,
    find_nginx,
    free_port,
    gunicorn_command,
    stop_process,
)

SECRET_KEY = "drill-only-secret-key-not-for-production-use-5b1f0e7c"  # noqa: S105
# How long a reader waits for an answer before giving up.
READER_TIMEOUT = 10
# How long the app may take to come back after its dependency has.
RECOVERY_LIMIT = 30
TARGET_LATENCY = 1.0
READERS = 4
READER_PAUSE = 0.05
COMMENT_EVERY = 0.25
SLOW_CLIENTS = 200
# Readers who opened the story page before a phase's trouble began.
SPARE_TOKENS = 40
# Variables of the caller's that must not reach the drill's own servers.
NOT_OURS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "AWS_STORAGE_BUCKET_NAME",
    "BIND",
    "PORT",
    "MEDIA_URL",
    "NEWSROOM_CDN_PURGE_URL",
)


def log(message):
    print(f"[drills] {message}", flush=True)


# Our own servers ---------------------------------------------------------------


def _as_postgres():
    """Run PostgreSQL's tools as ``postgres`` when we are root (it refuses root)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if not runuser:
        raise RuntimeError("runuser is needed to run PostgreSQL as root's drill.")
    return [runuser, "-u", "postgres", "--"]


def _postgres_bin():
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL's initdb is needed (apt-get install postgresql).")


class Postgres:
    """A PostgreSQL cluster of our own, in ``base``, on a free loopback port."""

    def __init__(self, base, setup_log):
        self.bin = _postgres_bin()
        self.sudo = _as_postgres()
        self.home = base / "postgres"
        self.home.mkdir()
        if self.sudo:
            owner = pwd.getpwnam("postgres")
            os.chown(self.home, owner.pw_uid, owner.pw_gid)
        self.data = self.home / "data"
        self.port = free_port()
        self.setup_log = setup_log
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"
        self._pg(
            "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def _pg(self, tool, *arguments, check=True):
        command = [*self.sudo, str(self.bin / tool), *map(str, arguments)]
        with self.setup_log.open("a") as output:
            done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools
                command, stdout=output, stderr=subprocess.STDOUT, check=False
            )
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed; see {self.setup_log}")
        return done.returncode == 0

    def start(self):
        options = (
            f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg(
            "pg_ctl",
            *("-D", self.data, "-l", self.home / "server.log", "-w", "-t", "60"),
            *("-o", options, "start"),
        )

    def stop(self, mode="fast"):
        return self._pg(
            "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop", check=False
        )

    def create_database(self):
        import psycopg

        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE newsroom")


class Redis:
    """A redis-server of our own, on a free loopback port, keeping nothing on disk."""

    def __init__(self, base):
        self.port = free_port()
        self.home = base / "redis"
        self.home.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.frozen = False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.home)),
                *("--logfile", str(self.home / "redis.log")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with socket.create_connection(("127.0.0.1", self.port), 1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)
        self.frozen = False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class App:
    """gunicorn as production runs it: gunicorn.conf.py, on a loopback port."""

    def __init__(self, base, database_url, redis_url, setup_log):
        self.port = free_port()
        self.setup_log = setup_log
        self.media = base / "media"
        self.media.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in NOT_OURS}
        env.update(
            DJANGO_ENV="production",
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            MEDIA_ROOT=str(self.media),
            STATIC_ROOT=str(base / "static"),
            NEWSROOM_TRUSTED_PROXIES="1",
            BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="2",
            GUNICORN_ACCESS_LOG="",
            LOG_LEVEL="WARNING",
            # The drill posts at once and often, from one address.
            COMMENTS_MIN_FILL_SECONDS="0",
            COMMENTS_RATE_LIMIT="1000000",
        )
        self.env = env
        self.process = None

    def manage(self, *arguments):
        with self.setup_log.open("a") as output:
            done = subprocess.run(  # noqa: S603 - our own manage.py
                [sys.executable, "manage.py", *arguments],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {arguments[0]} failed; see {self.setup_log}")

    def start(self, output):
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            gunicorn_command(),
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            if self.direct("GET", "/robots.txt", timeout=2)[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def direct(self, method, path, *, timeout=5):
        """(status or None, seconds): straight to gunicorn, as if from nginx."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(
                method,
                path,
                headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
            )
            response = connection.getresponse()
            response.read()
            return response.status, time.monotonic() - started
        except (OSError, http.client.HTTPException):
            return None, time.monotonic() - started
        finally:
            connection.close()

    def stop(self):
        stop_process(self.process, timeout=35)


# Readers -------------------------------------------------------------------------


@dataclass
class Answer:
    at: float
    seconds: float
    status: int | None
    error: str = ""
    page_cache: str = ""
    body: bytes = b""
    cookie: str = ""


CLOSED_BEFORE_ANSWER = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
)


class Reader:
    """One browser's HTTPS connection to nginx, kept alive, remade after an error."""

    def __init__(self, site):
        self.site = site
        self.connection = None

    def _connect(self):
        return http.client.HTTPSConnection(
            "localhost",
            self.site.https_port,
            context=self.site.tls,
            timeout=READER_TIMEOUT,
        )

    def request(self, method, path, *, headers=None, body=None, fresh=False):
        if fresh:
            self.close()
        started = time.monotonic()
        for attempt in range(2):
            reused = self.connection is not None
            if not reused:
                self.connection = self._connect()
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.close()
                # nginx may have closed an idle connection just as it was
                # reused: a browser asks again (the time counts from the first).
                closed = isinstance(error, CLOSED_BEFORE_ANSWER)
                if closed and reused and method == "GET" and attempt == 0:
                    continue
                return Answer(
                    started, time.monotonic() - started, None, type(error).__name__
                )
            if fresh or response.will_close:
                self.close()
            return Answer(
                started,
                time.monotonic() - started,
                response.status,
                page_cache=response.getheader("X-Page-Cache", ""),
                body=data,
                cookie=response.getheader("Set-Cookie", ""),
            )
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Story:
    id: int
    path: str
    section_path: str

    @property
    def pages(self):
        return ["/", self.section_path, self.path]


@dataclass
class Comment:
    text: str
    answer: Answer

    @property
    def shown_back(self):
        return self.text in html.unescape(self.answer.body.decode("utf-8", "replace"))


@dataclass
class Load:
    """Readers and a commenter against nginx, each on its own thread."""

    site: object
    story: Story
    tokens: list  # spare tokens, got before the phase
    phase: str
    pages: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    probes: list = field(default_factory=list)
    probe_fresh_connections: bool = False

    def __post_init__(self):
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._read, args=(n,), daemon=True)
            for n in range(READERS)
        ]
        self.threads.append(threading.Thread(target=self._comment, daemon=True))
        if self.probe_fresh_connections:
            self.threads.append(threading.Thread(target=self._probe, daemon=True))

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=READER_TIMEOUT + 5)

    def _read(self, n):
        reader = Reader(self.site)
        pages = self.story.pages
        turn = n
        try:
            while not self.stop_event.is_set():
                answer = reader.request("GET", pages[turn % len(pages)])
                answer.body = b""
                with self.lock:
                    self.pages.append(answer)
                turn += 1
                self.stop_event.wait(READER_PAUSE)
        finally:
            reader.close()

    def _probe(self):
        """A normal request on a new connection, as a new reader's would be."""
        reader = Reader(self.site)
        while not self.stop_event.wait(0.5):
            answer = reader.request("GET", self.story.path, fresh=True)
            answer.body = b""
            with self.lock:
                self.probes.append(answer)

    def _comment(self):
        """A new reader every so often: the page's script gets their tokens,
        they write, they post. A reader whose tokens could not come is one
        who opened the page before the trouble (a token from ``self.tokens``)."""
        reader = Reader(self.site)
        origin = f"https://localhost:{self.site.https_port}"
        number = 0
        while not self.stop_event.wait(COMMENT_EVERY):
            number += 1
            text = (
                f"Drill {self.phase} comment {number} {uuid.uuid4().hex[:12]} "
                "asks whether a reader's words survive the outage"
            )
            tokens = reader_tokens(self.site, self.story)
            if tokens is None and self.tokens:
                tokens = self.tokens.pop()
            if tokens is None:
                answer = Answer(time.monotonic(), 0.0, None, "no form tokens")
                with self.lock:
                    self.comments.append(Comment(text, answer))
                continue
            form = urlencode(
                {
                    "csrfmiddlewaretoken": tokens["csrfToken"],
                    "started": tokens["started"],
                    "name": "Drill Reader",
                    "email": "drill-reader@example.org",
                    "body": text,
                    "website": "",
                }
            )
            answer = reader.request(
                "POST",
                f"/reader/comments/{self.story.id}/",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={tokens['cookie']}",
                    "Origin": origin,
                    "Referer": origin + self.story.path,
                },
                body=form,
                fresh=True,
            )
            with self.lock:
                self.comments.append(Comment(text, answer))


def reader_tokens(site, story):
    """What the story page's script fetches: a CSRF token (and its cookie) and
    the (single-use) token of when the form was shown; None if they don't come."""
    reader = Reader(site)
    try:
        answer = reader.request("GET", f"/reader/state/{story.id}/", fresh=True)
    finally:
        reader.close()
    cookies = http.cookies.SimpleCookie()
    try:
        cookies.load(answer.cookie)
        return {**json.loads(answer.body), "cookie": cookies["csrftoken"].value}
    except (ValueError, KeyError):
        return None


def warm(site, story):
    """Ask for every page until the page cache answers it (at most 5 times)."""
    reader = Reader(site)
    try:
        for path in story.pages:
            for _ in range(5):
                answer = reader.request("GET", path)
                if answer.status == 200 and answer.page_cache == "hit":
                    break
                time.sleep(0.2)
            else:
                log(f"  {path} is not answered from the page cache ({answer.status})")
    finally:
        reader.close()


# Slow clients --------------------------------------------------------------------


class Drip:
    """Connections that send a request's headers a line a second, never ending
    them, on a thread, until closed (at most ``seconds``)."""

    def __init__(self, sockets, host, seconds):
        self.sockets = sockets
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
        self.stop_event = threading.Event()
        self.deadline = time.monotonic() + seconds
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self):
        line = 0
        while not self.stop_event.wait(1) and time.monotonic() < self.deadline:
            line += 1
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Drip-{line}: still typing\r\n".encode())

    def close(self):
        self.stop_event.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def open_slow_tls(site, count):
    sockets = []
    for _ in range(count):
        raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=5)
        try:
            sockets.append(site.tls.wrap_socket(raw, server_hostname="localhost"))
        except OSError:
            raw.close()
    return sockets


# Phases --------------------------------------------------------------------------


@dataclass
class Result:
    phase: str
    pages: list
    comments: list
    stored: set
    recovery: float | None
    recovery_meaning: str
    targets: list = field(default_factory=list)  # (description, met)
    probes: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def non_2xx(self):
        return [a for a in self.pages if a.status is None or not 200 <= a.status < 300]

    @property
    def max_latency(self):
        return max((a.seconds for a in self.pages), default=0.0)

    def comment_outcomes(self):
        stored = [c for c in self.comments if c.text in self.stored]
        shown = [
            c
            for c in self.comments
            if c.text not in self.stored and c.answer.status == 503 and c.shown_back
        ]
        lost = [c for c in self.comments if c not in stored and c not in shown]
        return stored, shown, lost


def _statuses(answers):
    counted = Counter(
        str(a.status) if a.status is not None else (a.error or "no answer")
        for a in answers
    )
    return ", ".join(f"{status} × {n}" for status, n in sorted(counted.items()))


def cache_back(load, back):
    """Seconds from ``back`` to the first page answered from the cache."""
    hits = [a for a in load.pages if a.at >= back and a.page_cache == "hit"]
    return min(a.at + a.seconds for a in hits) - back if hits else None


def comment_stored(load, back):
    """Seconds from ``back`` to the first comment stored (302)."""
    stored = [c.answer for c in load.comments if c.answer.at >= back]
    stored = [a for a in stored if a.status == 302]
    return min(a.at + a.seconds for a in stored) - back if stored else None


def no_errors(result):
    return not result.non_2xx


def under_a_second(result):
    return result.max_latency < TARGET_LATENCY


def none_lost(result):
    return not result.comment_outcomes()[2]


def recovered(result):
    return result.recovery is not None and "gunicorn stopped" not in result.notes


class Drill:
    def __init__(self, args, base):
        self.args = args
        self.base = base
        self.setup_log = base / "setup.log"
        self.results = []

    def stored_comments(self, texts):
        from django.db import connections

        from comments.models import Comment as StoredComment

        try:
            return set(
                StoredComment.objects.filter(body__in=list(texts)).values_list(
                    "body", flat=True
                )
            )
        finally:
            connections.close_all()

    def phase(
        self,
        title,
        *,
        disrupt,
        restore,
        recovered=None,
        recovery_meaning="",
        targets=(),
        probes=False,
    ):
        """Warm the pages, start the load, break something for the phase's
        seconds, mend it, wait (bounded) for the app to recover, stop the load."""
        log(title)
        warm(self.site, self.story)
        spare = [reader_tokens(self.site, self.story) for _ in range(SPARE_TOKENS)]
        if None in spare:
            raise RuntimeError("/reader/state/ gave no tokens before the phase")
        load = Load(
            self.site, self.story, spare, title[:1], probe_fresh_connections=probes
        ).start()
        notes = []
        try:
            time.sleep(1)
            disrupt()
            time.sleep(self.args.seconds)
            restore()
            back = time.monotonic()
            recovery = None
            if recovered:
                deadline = back + RECOVERY_LIMIT
                while recovery is None and time.monotonic() < deadline:
                    time.sleep(0.1)
                    with load.lock:
                        recovery = recovered(load, back)
            time.sleep(1)
        finally:
            load.stop()
        if self.app.process.poll() is not None:
            notes.append("gunicorn stopped")
        stored = self.stored_comments(c.text for c in load.comments)
        result = Result(
            title,
            pages=load.pages,
            comments=load.comments,
            stored=stored,
            recovery=recovery,
            recovery_meaning=recovery_meaning,
            probes=load.probes,
            notes=notes,
        )
        result.targets = [(text, check(result)) for text, check in targets]
        self.results.append(result)
        self.report(result)
        return result

    def report(self, result):
        stored, shown, lost = result.comment_outcomes()
        recovery = f"{result.recovery:.1f} s" if result.recovery is not None else "none"
        log(
            f"  {len(result.pages)} reader requests, {len(result.non_2xx)} non-2xx, "
            f"max {result.max_latency:.2f} s; recovery {recovery}; comments "
            f"{len(result.comments)}: {len(stored)} stored, {len(shown)} 503 shown "
            f"back, {len(lost)} lost"
        )
        log(f"  reader statuses: {_statuses(result.pages)}")
        log(f"  comment statuses: {_statuses([c.answer for c in result.comments])}")
        for text, met in result.targets:
            log(f"  {'met' if met else 'MISSED'}: {text}")

    def run(self):
        with contextlib.ExitStack() as stack:
            self.setup(stack)
            self.phases()
        return self.write_table()

    def setup(self, stack):
        started = time.monotonic()
        log(f"Working in {self.base}")
        self.postgres = Postgres(self.base, self.setup_log)
        stack.callback(self.postgres.stop, "immediate")
        self.postgres.start()
        self.postgres.create_database()
        self.redis = Redis(self.base)
        stack.callback(self.redis.stop)
        self.redis.start()
        log(f"PostgreSQL on :{self.postgres.port}, Redis on :{self.redis.port}")

        self.app = App(self.base, self.postgres.url, self.redis.url, self.setup_log)
        log("Migrating, seeding the demo site and collecting static files")
        self.app.manage("migrate", "--noinput")
        self.app.manage("seed_demo")
        self.app.manage("collectstatic", "--noinput", "-v0")
        self.story = self.pick_story()
        app_log = stack.enter_context((self.base / "gunicorn.log").open("w"))
        stack.callback(self.app.stop)
        self.app.start(app_log)

        self.nginx = LocalNginx(
            self.base / "nginx",
            app=f"127.0.0.1:{self.app.port}",
            media_root=self.app.media,
            max_upload_bytes=25 * 1024 * 1024,
            media_url="/media/",
        )
        stack.callback(self.nginx.stop)
        self.nginx.start()
        self.site = Site(
            self.nginx.https_port,
            ssl.create_default_context(cafile=str(self.nginx.certificate)),
        )
        log(
            f"gunicorn on :{self.app.port}, nginx on :{self.nginx.https_port} "
            f"(https), ready in {time.monotonic() - started:.0f} s; "
            f"story {self.story.path}"
        )

    def pick_story(self):
        import django

        os.environ["DATABASE_URL"] = self.postgres.url
        for name in NOT_OURS[1:]:
            os.environ.pop(name, None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
        os.environ.pop("DJANGO_ENV", None)
        os.environ["DEBUG"] = "0"
        django.setup()
        from django.db import connections

        from articles.models import Article

        try:
            for article in (
                Article.objects.published()
                .select_related("section")
                .order_by("-publish_at")[:30]
            ):
                if article.comments_open:
                    return Story(
                        article.pk,
                        article.get_absolute_url(),
                        f"/section/{article.section.slug}/",
                    )
        finally:
            connections.close_all()
        raise RuntimeError("no story open to comments")

    def phases(self):
        redis, postgres = self.redis, self.postgres
        cache_targets = [
            ("0 non-2xx on reader pages", no_errors),
            (f"max latency under {TARGET_LATENCY:.0f} s", under_a_second),
            ("0 comments lost", none_lost),
            (f"pages cached again within {RECOVERY_LIMIT} s", recovered),
        ]
        self.phase(
            "1. Redis killed, then restarted",
            disrupt=redis.kill,
            restore=redis.start,
            recovered=cache_back,
            recovery_meaning="first page from the cache after the restart",
            targets=cache_targets,
        )
        self.phase(
            "2. Redis frozen (SIGSTOP), then SIGCONT",
            disrupt=redis.freeze,
            restore=redis.thaw,
            recovered=cache_back,
            recovery_meaning="first page from the cache after SIGCONT",
            targets=cache_targets,
        )
        self.phase(
            "3. PostgreSQL stopped, then restarted",
            disrupt=postgres.stop,
            restore=postgres.start,
            recovered=comment_stored,
            recovery_meaning="first comment stored after the restart",
            targets=[
                ("0 non-2xx on cached reader pages", no_errors),
                ("every comment stored or 503 with its text shown", none_lost),
                (
                    f"comments stored again within {RECOVERY_LIMIT} s, no app restart",
                    recovered,
                ),
            ],
        )
        self.slow_clients()
        self.slow_clients_without_proxy()

    def slow_clients(self):
        drip = None

        def disrupt():
            nonlocal drip
            sockets = open_slow_tls(self.site, SLOW_CLIENTS)
            drip = Drip(sockets, "localhost", seconds=self.args.seconds + 5)
            log(f"  {len(sockets)} slow connections open")

        def restore():
            drip.close()

        def normal_fast(result):
            return bool(result.probes) and all(
                a.status == 200 and a.seconds < TARGET_LATENCY for a in result.probes
            )

        result = self.phase(
            f"4. {SLOW_CLIENTS} slow clients dripping headers at nginx",
            disrupt=disrupt,
            restore=restore,
            targets=[
                (
                    "a normal request on a new connection answered in under 1 s",
                    normal_fast,
                ),
                ("0 non-2xx on reader pages", no_errors),
                ("0 comments lost", none_lost),
            ],
            probes=True,
        )
        slowest = max((a.seconds for a in result.probes), default=0)
        log(
            f"  normal requests on new connections: {len(result.probes)}, "
            f"slowest {slowest:.3f} s, statuses {_statuses(result.probes)}"
        )

    def slow_clients_without_proxy(self):
        """Reference, no target: the same attack on gunicorn alone, two clients."""
        title = "Reference: 2 slow clients straight at gunicorn, no proxy"
        log(title)
        sockets = [
            socket.create_connection(("127.0.0.1", self.app.port), timeout=5)
            for _ in range(2)
        ]
        drip = Drip(sockets, "localhost", seconds=self.args.seconds + 5)
        probes = []
        lock = threading.Lock()

        def probe():
            started = time.monotonic()
            status, seconds = self.app.direct("GET", self.story.path, timeout=5)
            with lock:
                probes.append(
                    Answer(started, seconds, status, "" if status else "timeout")
                )

        threads = []
        try:
            time.sleep(1)
            # A new reader every half second, each waiting up to 5 s.
            deadline = time.monotonic() + self.args.seconds
            while time.monotonic() < deadline:
                threads.append(threading.Thread(target=probe, daemon=True))
                threads[-1].start()
                time.sleep(0.5)
            for thread in threads:
                thread.join(timeout=10)
        finally:
            drip.close()
        back = time.monotonic()
        recovery = None
        while recovery is None and time.monotonic() < back + RECOVERY_LIMIT:
            if self.app.direct("GET", self.story.path, timeout=2)[0] == 200:
                recovery = time.monotonic() - back
            else:
                time.sleep(0.1)
        result = Result(
            title,
            pages=probes,
            comments=[],
            stored=set(),
            recovery=recovery,
            recovery_meaning="first answer after the slow clients hung up",
            probes=probes,
        )
        self.results.append(result)
        log(
            f"  {len(probes)} normal requests, {len(result.non_2xx)} unanswered, "
            f"slowest {result.max_latency:.2f} s (gave up at 5 s)"
        )

    def write_table(self):
        lines = [
            f"Outage drills, {datetime.now(tz=UTC):%Y-%m-%d}: nginx (TLS) in front of "
            "gunicorn (2 sync workers, production settings), PostgreSQL and Redis of "
            f"the drill's own, on loopback; {READERS} readers and a comment every "
            f"{COMMENT_EVERY} s, {self.args.seconds} s of outage per phase, "
            "same 2-core machine.",
            "",
            "| Phase | Reader requests | Non-2xx | Max latency | Recovery | "
            "Comments posted | Stored | 503, text shown | Lost | Targets |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        missed = 0
        for result in self.results:
            stored, shown, lost = result.comment_outcomes()
            missed += sum(not met for _, met in result.targets)
            missed_here = [text for text, met in result.targets if not met]
            if not result.targets:
                targets = "none (reference)"
            elif missed_here:
                targets = "**missed**: " + "; ".join(missed_here)
            else:
                targets = f"all {len(result.targets)} met"
            recovery = (
                f"{result.recovery:.1f} s" if result.recovery is not None else "—"
            )
            comments = (
                (
                    str(len(result.comments)),
                    str(len(stored)),
                    str(len(shown)),
                    str(len(lost)),
                )
                if result.comments
                else ("—",) * 4
            )
            lines.append(
                f"| {result.phase} | {len(result.pages)} | {len(result.non_2xx)} | "
                f"{result.max_latency:.2f} s | {recovery} | "
                + " | ".join(comments)
                + f" | {targets} |"
            )
        lines += ["", "What the app answered:", ""]
        for result in self.results:
            line = f"- {result.phase}: readers {_statuses(result.pages)}"
            if result.comments:
                line += f"; comments {_statuses([c.answer for c in result.comments])}"
            if result.probes and result.probes is not result.pages:
                slowest = max(a.seconds for a in result.probes)
                line += (
                    f"; normal requests on new connections "
                    f"{_statuses(result.probes)}, slowest {slowest * 1000:.0f} ms"
                )
            if result.recovery_meaning:
                line += f"; recovery is the {result.recovery_meaning}"
            lines.append(line + ".")
        lines += ["", "Targets:", ""]
        for result in self.results:
            if result.targets:
                checked = "; ".join(
                    f"{text} ({'met' if met else '**missed**'})"
                    for text, met in result.targets
                )
                lines.append(f"- {result.phase}: {checked}.")
        lines += [
            "",
            f"{missed} target(s) missed." if missed else "Every target met.",
        ]
        table = "\n".join(lines) + "\n"
        print("\n" + table)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / "drills.md").write_text(table)
        return 1 if missed else 0


@dataclass
class Site:
    https_port: int
    tls: ssl.SSLContext


class TooLong(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=4, help="of outage per phase")
    parser.add_argument(
        "--limit", type=int, default=420, help="stop everything after this many s"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the working directory and its logs"
    )
    args = parser.parse_args()
    if not find_nginx():
        sys.exit(
            "nginx is needed: apt-get install nginx (run.py bench drills does it)."
        )
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed: apt-get install redis-server.")

    def give_up(signum, frame):
        raise TooLong(f"the drill ran longer than {args.limit} s")

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, interrupted)
    signal.alarm(args.limit)
    base = Path(tempfile.mkdtemp(prefix="newsroom-drills-"))
    # nginx's workers and PostgreSQL's user read below here.
    base.chmod(0o755)
    drill = Drill(args, base)
    try:
        return drill.run()
    except (TooLong, RuntimeError) as error:
        log(f"ERROR: {error}")
        for name in ("setup.log", "gunicorn.log"):
            with contextlib.suppress(OSError):
                log(f"{name}:\n" + (base / name).read_text()[-3000:])
        return 2
    finally:
        signal.alarm(0)
        if args.keep:
            log(f"Logs kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
