"""Publishing under load: readers' latency while the desk publishes and corrects.

    python bench/spike.py                       # 1,000,000 stories, 60 s + 60 s
    python bench/spike.py --size 10000 --seconds 10   # a quick run

Production gunicorn (4 sync workers, ``DJANGO_ENV=production``) on PostgreSQL
(``<BENCH_DATABASE_URL>_<size>``, filled once by bench/data.py and kept) and a
Redis of the benchmark's own (a ``redis-server`` started on a free port, with
no persistence, and stopped at the end; ``BENCH_REDIS_URL`` names one
instead). wrk, with a Lua script, asks for a mix of the home page, the newest
stories and their sections, twice in turns:

- quiet: nobody publishes;
- publishing: a separate process publishes a new story every 2 s and adds a
  correction to one of the newest live stories every 0.5 s, through the
  services (``article_save`` with the publish step, ``corrections_added``),
  as the desk does; each publish purges the home page, the story's page,
  its section's, its authors' and tags'; each correction its story's page.

It prints requests/s, p50, p99 and max latency of both runs and their ratios;
the page cache's renders per purged page per purge (``render_stats()``:
renders of pages found stale, over the stale copies found, across all the
workers); and how long each published story took to show on the home page
(polled every 50 ms by the publishing process). Results go to
bench/results/spike.md.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import BASE_URL, setup_django, use_database  # noqa: E402
from deploy.local import (  # noqa: E402
    free_port,
    gunicorn_command,
    stop_process,
    wait_for,
)

WORKERS = 4
STORIES = 12  # the newest, each with its section, in wrk's mix
PUBLISH_EVERY = 2.0
CORRECT_EVERY = 0.5

LUA = """
paths = {%(paths)s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"seconds\\": %%f, \\"errors\\": %%d, "
    .. "\\"non2xx\\": %%d, \\"p50\\": %%f, \\"p99\\": %%f, \\"max\\": %%f}\\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def log(message):
    print(message, flush=True)


class Redis:
    """A redis-server of the benchmark's own: no one else's data, no disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        stop_process(self.process, timeout=10)


class Server:
    """Production gunicorn, ``WORKERS`` sync workers, on a free loopback port."""

    def __init__(self, database_url, redis_url, static_root):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "STATIC_ROOT": str(static_root),
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "ERROR",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            gunicorn_command("--bind", f"127.0.0.1:{self.port}"),
            cwd=ROOT,
            env=env,
        )
        wait_for(f"{self.base}/healthz", seconds=60)

    def stop(self):
        stop_process(self.process, timeout=30)


def pages():
    """The addresses in wrk's mix: home (a third of the requests), the newest
    stories and their sections."""
    from articles.models import Article

    stories = list(
        Article.objects.published().latest().select_related("section")[:STORIES]
    )
    sections = sorted({f"/section/{story.section.slug}/" for story in stories})
    home = ["/"] * ((len(stories) + len(sections)) // 2)
    return home + [story.get_absolute_url() for story in stories] + sections


def wrk(base, paths, seconds, script_dir, *, warm_up=False):
    script = Path(script_dir) / "mix.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(path) for path in paths)})
    output = subprocess.run(  # noqa: S603
        [
            *(shutil.which("wrk"), "-t2", "-c16", f"-d{seconds}s", "--timeout", "10s"),
            *("-s", str(script), base),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    if (result["errors"] or result["non2xx"]) and not warm_up:
        log(f"  wrk saw errors:\n{output}")
    result["rps"] = result["requests"] / result["seconds"]
    return result


# The publishing process.


def publish(base, seconds):
    """Publish a story every 2 s and correct a live one every 0.5 s for
    ``seconds``; print how long each new story took to reach the home page."""
    from articles.models import Article, Correction, Section
    from articles.services import article_save, corrections_added
    from articles.workflow import Step

    sections = list(Section.objects.all())
    live = list(Article.objects.published().latest()[:STORIES])
    to_home = []
    watchers = []
    published = corrected = 0
    started = time.monotonic()
    next_publish = next_correct = started
    stamp = datetime.now(tz=UTC).strftime("%H%M%S")
    while time.monotonic() - started < seconds:
        now = time.monotonic()
        if now >= next_publish:
            next_publish += PUBLISH_EVERY
            published += 1
            headline = f"Bulletin {stamp} number {published} from the desk"
            story = Article(
                headline=headline,
                section=sections[published % len(sections)],
                standfirst="What happened, as it happens.",
                body="<p>The desk files a bulletin.</p>",
                language="en",
            )
            article_save(article=story, by=None, created=True, step=Step.PUBLISH)
            watcher = threading.Thread(
                target=_watch_home, args=(base, headline, time.monotonic(), to_home)
            )
            watcher.start()
            watchers.append(watcher)
        if now >= next_correct:
            next_correct += CORRECT_EVERY
            corrected += 1
            story = live[corrected % len(live)]
            correction = Correction.objects.create(
                article=story, text=f"Correction {corrected}: a figure was wrong."
            )
            corrections_added(article=story, corrections=[correction], by=None)
        time.sleep(max(0, min(next_publish, next_correct) - time.monotonic()))
    for watcher in watchers:
        watcher.join(timeout=15)
    missed = published - len(to_home)
    print(
        "RESULT "
        + json.dumps(
            {
                "published": published,
                "corrected": corrected,
                "to_home": to_home,
                "missed": missed,
            }
        ),
        flush=True,
    )


def _watch_home(base, headline, published_at, found):
    deadline = published_at + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/", timeout=5) as response:  # noqa: S310
                if headline in response.read().decode():
                    found.append(time.monotonic() - published_at)
                    return
        except OSError:
            pass  # counted as not seen if it never answers
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=60, help="per wrk run")
    parser.add_argument("--publish", metavar="BASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publish:  # the publishing process, started by the benchmark
        setup_django(os.environ["DATABASE_URL"])
        publish(args.publish, args.seconds)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (run.py bench does it).")
    if not os.environ.get("BENCH_REDIS_URL") and not shutil.which("redis-server"):
        sys.exit("redis-server is needed (or BENCH_REDIS_URL naming a Redis).")

    redis = None if os.environ.get("BENCH_REDIS_URL") else Redis()
    redis_url = os.environ.get("BENCH_REDIS_URL") or redis.url
    os.environ["REDIS_URL"] = redis_url
    setup_django(BASE_URL)
    from django.db import connections

    from bench.load import collect_static
    from newsroom import pagecache

    work = Path(tempfile.mkdtemp(prefix="newsroom-spike-"))
    server = None
    try:
        collect_static(work)
        log(f"{args.size:,} stories")
        database_url = use_database(args.size, base_url=BASE_URL, log=log)
        paths = pages()
        connections["default"].close()
        server = Server(database_url, redis_url, work)
        log(f"Warming up ({len(paths)} addresses)")
        for path in paths:  # each page rendered once, every worker started
            wait_for(server.base + path, seconds=30)
        wrk(server.base, paths, 5, work, warm_up=True)

        log(f"Quiet: {args.seconds} s")
        quiet = wrk(server.base, paths, args.seconds, work)
        _show("quiet", quiet)

        pagecache.render_stats(reset=True)
        log(f"Publishing: {args.seconds} s")
        publisher = subprocess.Popen(  # noqa: S603 - this script
            [
                sys.executable,
                __file__,
                *("--publish", server.base, "--seconds", str(args.seconds)),
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "DJANGO_ENV": "production",
                "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use",
                "ALLOWED_HOSTS": "127.0.0.1",
                "LOG_LEVEL": "ERROR",
            },
            stdout=subprocess.PIPE,
            text=True,
        )
        busy = wrk(server.base, paths, args.seconds, work)
        _show("publishing", busy)
        out, _ = publisher.communicate(timeout=60)
        desk = json.loads(
            next(line for line in out.splitlines() if line.startswith("RESULT "))[7:]
        )
        stats = pagecache.render_stats()
    finally:
        if server is not None:
            server.stop()
        if redis is not None:
            redis.stop()
        shutil.rmtree(work, ignore_errors=True)
    write_table(args, quiet, busy, desk, stats)


def _show(name, result):
    log(
        f"  {name:<11} {result['rps']:8.0f} req/s  p50 {result['p50']:6.2f} ms  "
        f"p99 {result['p99']:6.2f} ms  max {result['max']:7.2f} ms"
    )


def write_table(args, quiet, busy, desk, stats):
    to_home = sorted(desk["to_home"]) or [float("nan")]
    renders = stats["rerenders"] / stats["stale"] if stats["stale"] else float("nan")
    lines = [
        f"Publishing under load, {datetime.now(tz=UTC):%Y-%m-%d}: {args.size:,} "
        f"stories, gunicorn {WORKERS} sync workers, PostgreSQL + Redis, wrk -t2 "
        f"-c16 for {args.seconds} s per run on a mix of the home page, the "
        f"{STORIES} newest stories and their sections, on loopback.",
        "",
        "| Run | req/s | p50 | p99 | max | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, run in (("Quiet", quiet), ("Publishing", busy)):
        lines.append(
            f"| {name} | {run['rps']:,.0f} | {run['p50']:.2f} ms | "
            f"{run['p99']:.2f} ms | {run['max']:.1f} ms | "
            f"{run['errors'] + run['non2xx']} |"
        )
    lines.append(
        f"| Publishing / quiet | {busy['rps'] / quiet['rps']:.0%} | "
        f"{busy['p50'] / quiet['p50']:.2f}× | {busy['p99'] / quiet['p99']:.2f}× | "
        f"{busy['max'] / quiet['max']:.2f}× | |"
    )
    lines += [
        "",
        f"While publishing: {desk['published']} stories published, "
        f"{desk['corrected']} corrections; {stats['stale']} cached pages found "
        f"stale after a purge, {stats['rerenders']} renders of them: "
        f"**{renders:.2f} renders per purged page per purge** (all workers).",
        f"Publish to on the home page: median "
        f"{statistics.median(to_home):.2f} s, max {max(to_home):.2f} s"
        f"{'' if not desk['missed'] else ', ' + str(desk['missed']) + ' not seen'}.",
    ]
    table = "\n".join(lines) + "\n"
    print("\n" + table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "spike.md").write_text(table)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
