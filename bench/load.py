"""Reader pages under load: gunicorn (2 workers), PostgreSQL and Redis, on loopback.

    python3 run.py bench          # the whole thing, from a fresh clone
    python bench/load.py --sizes 10000 1000000 --rounds 3 --seconds 4

For each size it fills (once) a database ``newsroom_bench_<size>`` and starts
a production server on it (``DJANGO_ENV=production``, whitenoise, the page
cache in Redis); wrk then drives the servers in turns, round after round, and
each figure is the median over the rounds. Every figure is also given as a
ratio to two references measured in the same rounds, because absolute numbers
on a shared machine drift:

- A: a 10 KB static file served by whitenoise;
- B: a trivial Django view returning 10 KB through the full middleware stack.

The content API (/api/v1/) is measured the same way: its story list (20 a
page) and one story, cached and rendered, and the list's last page reached
by cursor, whose latency must stay within 1.2x the first page's however large
the archive (the keyset enters the index where the cursor points).

"Uncached" requests carry a session cookie, which makes the page cache step
aside (as it does for staff), so the page is rendered from the database.
Results go to bench/results/load.md.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
SESSION = "sessionid=benchmark-reader-with-a-session"


def log(message):
    print(message, flush=True)


API_PAGE = 20


def prepare(size):
    """The database for ``size`` stories (made and filled once), and the
    addresses of its newest story, that story's section, and the API's."""
    from django.db import connections

    url = use_database(size, base_url=BASE_URL, log=log)
    from api.params import cursor_encode
    from articles.models import Article

    published = Article.objects.published()
    story = published.latest().select_related("section").first()
    # The list's last page: the API_PAGE oldest stories, after the one
    # before them.
    before_last = published.order_by("publish_at", "pk")[API_PAGE]
    pages = {
        "article": story.get_absolute_url(),
        "section": f"/section/{story.section.slug}/",
        "api_story": f"/api/v1/stories/{story.pk}/",
        "api_last": "/api/v1/stories/?cursor="
        + cursor_encode(before_last.publish_at, before_last.pk),
    }
    connections["default"].close()
    return url, pages


class Server:
    """gunicorn with 2 workers, as in production, on a free loopback port."""

    def __init__(self, database_url, static_root):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "STATIC_ROOT": str(static_root),
            "NEWSROOM_BENCHMARK": "1",
            # wrk is one client address: the API's rate limit would refuse it.
            "NEWSROOM_API_RATE_LIMIT": str(10**9),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            gunicorn_command("--bind", f"127.0.0.1:{self.port}"),
            cwd=ROOT,
            env=env,
        )
        wait_for(f"{self.base}/healthz", seconds=60)

    def stop(self):
        stop_process(self.process, timeout=30)


def queries(url, cookie=None):
    request = urllib.request.Request(url)  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return int(response.headers.get("X-Queries", "-1"))


def wrk(url, seconds, cookie=None):
    """Requests per second, median and p99 latency in ms."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(percentile):
        value, unit = re.search(
            rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M
        ).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw errors for {url}:\n{output}")
    return rps, latency(50), latency(99)


def collect_static(static_root):
    env = {**os.environ, "DJANGO_ENV": "production", "STATIC_ROOT": str(static_root)}
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Reference A: a 10 KB file whitenoise serves like any other static file.
    (static_root / "bench").mkdir(exist_ok=True)
    (static_root / "bench" / "ten-kb.txt").write_bytes(b"x" * 10 * 1024)


CASES = [
    ("A: 10 KB static file (whitenoise)", "/static/bench/ten-kb.txt", None),
    ("B: 10 KB Django view", "/bench/ten-kb/", None),
    ("Article, cached", "{article}", None),
    ("Article, uncached", "{article}", SESSION),
    ("Home, cached", "/", None),
    ("Home, uncached", "/", SESSION),
    ("Section, cached", "{section}", None),
    ("Section, uncached", "{section}", SESSION),
    ("API list, cached", "/api/v1/stories/", None),
    ("API list, uncached", "/api/v1/stories/", SESSION),
    ("API list last page, uncached", "{api_last}", SESSION),
    ("API story, cached", "{api_story}", None),
    ("API story, uncached", "{api_story}", SESSION),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--seconds", type=int, default=4, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (run.py bench does it).")

    setup_django(BASE_URL)
    static_root = Path(tempfile.mkdtemp(prefix="newsroom-bench-static-"))
    collect_static(static_root)
    sizes = sorted(args.sizes)
    servers = {}
    try:
        for size in sizes:
            log(f"{size:,} stories")
            database_url, pages = prepare(size)
            server = Server(database_url, static_root)
            servers[size] = (server, pages)
        results = measure(servers, args.rounds, args.seconds)
    finally:
        for server, _ in servers.values():
            server.stop()
    write_table(results, sizes)
    shutil.rmtree(static_root, ignore_errors=True)


def measure(servers, rounds, seconds):
    """Every case on every server, ``rounds`` times over, sizes taking turns.

    A shared machine drifts over minutes; measuring the sizes back to back in
    each round, rather than one size after the other, keeps that drift out of
    the ratios. Each figure is the median over the rounds.
    """
    runs = {}
    queries_per_request = {}
    for round_number in range(1, rounds + 1):
        log(f"Round {round_number} of {rounds}")
        for name, path, cookie in CASES:
            order = list(servers.items())
            if round_number % 2 == 0:
                order.reverse()
            for size, (server, pages) in order:
                url = server.base + path.format(**pages)
                queries(url, cookie)  # warm the page cache and the worker
                queries_per_request[(size, name)] = queries(url, cookie)
                rps, median, p99 = wrk(url, seconds, cookie)
                runs.setdefault((size, name), []).append((rps, median, p99))
                log(
                    f"  {size:>9,} {name:<34} {rps:>8.0f} req/s  "
                    f"median {median:6.2f} ms  p99 {p99:6.2f} ms"
                )
    return {
        key: (
            *(statistics.median(figures) for figures in zip(*measured, strict=True)),
            queries_per_request[key],
        )
        for key, measured in runs.items()
    }


def write_table(results, sizes):
    lines = [
        f"HTTP benchmark, {datetime.now(tz=UTC):%Y-%m-%d}: gunicorn, 2 sync workers, "
        "PostgreSQL + Redis, wrk -t2 -c16 on loopback, same 2-core machine. "
        "Each figure is the median of several rounds; the sizes took turns.",
        "",
    ]
    for size in sizes:
        reference = results[(size, "B: 10 KB Django view")][0]
        lines += [
            f"**{size:,} stories**",
            "",
            "| Request | req/s | vs B | median | p99 | SQL queries |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for (at, name), (rps, median, p99, count) in results.items():
            if at == size:
                lines.append(
                    f"| {name} | {rps:,.0f} | {rps / reference:.0%} | "
                    f"{median:.2f} ms | {p99:.2f} ms | {count} |"
                )
        lines.append("")
        first = results[(size, "API list, uncached")][1]
        last = results[(size, "API list last page, uncached")][1]
        lines += [
            f"API list by cursor, median latency, last page against first: "
            f"{last / first:.2f}× (target: at most 1.20×)",
            "",
        ]
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        lines += [
            f"Median latency at {large:,} stories against {small:,} (uncached):",
            "",
            "| Page | Ratio |",
            "| --- | ---: |",
        ]
        for page in ("Article", "Home", "Section", "API list", "API story"):
            name = f"{page}, uncached"
            ratio = results[(large, name)][1] / results[(small, name)][1]
            lines.append(f"| {page} | {ratio:.2f}× |")
    table = "\n".join(lines).rstrip() + "\n"
    print("\n" + table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.md").write_text(table)


if __name__ == "__main__":
    main()
