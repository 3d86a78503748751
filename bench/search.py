"""Search latency on PostgreSQL at 100,000 and 1,000,000 stories.

    python bench/search.py                      # 100k and 1M, about 15 minutes
    python bench/search.py --sizes 10000 100000

Uses its own databases (``newsroom_bench_<size>`` on the local PostgreSQL, or
next to BENCH_DATABASE_URL), migrates them, and fills them in bulk with
``INSERT … SELECT`` from the demo corpus's headlines, standfirsts and
paragraphs, computing each story's weighted search vector in the same
statement. Then it times ``articles.search.search_stories`` (the code behind
/search/: count, ranked page, snippets) for a fixed set of reader queries and
prints median and p95 per size. Results go to bench/results/search.md.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# One database per size, so each is filled once and kept for the next run.
BASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "0")

QUERIES = [
    "police",  # in a large share of stories
    "government",
    "water shortage",
    '"security services"',
    "Dushanbe",
    "Islamic State recruiters",
    "Raqqa",
    "border crossing",
    "cotton harvest",
    "inflation food prices",
    "election observers",
    "journalist arrested",
    "Rogun dam",
    "remittances Russia",
    "earthquake",
    "court sentenced",
    "-police prison",
    "mosque",
    "xylophone",  # matches nothing
    "Khujand school",
]
REPEATS = 5
BATCH = 100_000


def create_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def corpus():
    """Headlines, standfirsts and paragraphs from the demo site's text."""
    from django.utils import timezone

    from articles.management.commands.seed_demo import plan_stories

    plans = plan_stories(timezone.now())
    headlines = [plan.headline for plan in plans]
    standfirsts = [plan.standfirst for plan in plans]
    paragraphs = [
        f"<p>{paragraph}</p>"
        for plan in plans
        for paragraph in plan.body.replace("</p>", "").split("<p>")
        if paragraph.strip() and not paragraph.startswith("<h2>")
    ]
    return headlines, standfirsts, paragraphs


def fill(target, cursor, log):
    """Add stories until there are ``target``, in batches, vectors included."""
    from django.conf import settings

    from articles.models import Section

    cursor.execute("SELECT count(*) FROM articles_article")
    have = cursor.fetchone()[0]
    if have >= target:
        return
    if not Section.objects.exists():
        for position, name in enumerate(
            ["Terrorism", "Security", "Politics", "Economy", "Society", "Culture"]
        ):
            Section.objects.create(name=name, position=position)
    sections = list(Section.objects.values_list("pk", flat=True))
    headlines, standfirsts, paragraphs = corpus()
    config = settings.NEWSROOM_SEARCH_CONFIG
    cursor.execute("DROP INDEX IF EXISTS article_search_idx")
    while have < target:
        upto = min(target, have + BATCH)
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO articles_article (
                headline, slug, language, section_id, kicker, standfirst,
                dateline, body, status, publish_at, first_published_at,
                created_at, updated_at, commenting, comment_moderation,
                lead_image_caption, lead_image_credit, search_vector)
            SELECT s.headline, 'bench-' || s.g, 'en', s.section, '', s.standfirst,
                'DUSHANBE', s.body, 'published', s.at, s.at, s.at, s.at, '', '', '', '',
                setweight(to_tsvector(%(config)s::regconfig, s.headline), 'A')
                || setweight(to_tsvector(%(config)s::regconfig, s.standfirst), 'B')
                || setweight(to_tsvector(%(config)s::regconfig,
                    regexp_replace(s.body, '<[^>]+>', ' ', 'g')), 'C')
            FROM (
                SELECT g,
                    (%(headlines)s::text[])
                        [1 + (g * 7919) %% cardinality(%(headlines)s::text[])]
                        AS headline,
                    (%(standfirsts)s::text[])
                        [1 + (g * 104729) %% cardinality(%(standfirsts)s::text[])]
                        AS standfirst,
                    (SELECT string_agg(
                        (%(paragraphs)s::text[])[1 + floor(random() * cardinality(
                            %(paragraphs)s::text[]))::int], '')
                     FROM generate_series(1, 4 + g %% 5) AS k
                     WHERE k > 0 * g) AS body,
                    (%(sections)s::bigint[])
                        [1 + g %% cardinality(%(sections)s::bigint[])] AS section,
                    now() - interval '1 hour' - g * interval '2 minutes' AS at
                FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
            ) AS s
            """,
            {
                "config": config,
                "headlines": headlines,
                "standfirsts": standfirsts,
                "paragraphs": paragraphs,
                "sections": sections,
                "start": have + 1,
                "stop": upto,
            },
        )
        log(f"  {upto:>9,} stories ({time.perf_counter() - started:.0f} s)")
        have = upto
    started = time.perf_counter()
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute(
        "CREATE INDEX article_search_idx ON articles_article USING gin (search_vector)"
    )
    cursor.execute("VACUUM ANALYZE articles_article")
    log(f"  GIN index and ANALYZE ({time.perf_counter() - started:.0f} s)")


def measure(log):
    from articles.search import search_stories

    timings, matches = [], {}
    for query in QUERIES:  # warm the cache once, as a running site would be
        search_stories(query=query)
    for _ in range(REPEATS):
        for query in QUERIES:
            started = time.perf_counter()
            results = search_stories(query=query)
            list(results.page.object_list)
            timings.append((time.perf_counter() - started) * 1000)
            matches[query] = results.page.paginator.count
    p95 = statistics.quantiles(timings, n=20)[18]
    return statistics.median(timings), p95, max(timings), matches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()

    import django
    from django.conf import settings

    os.environ["DATABASE_URL"] = BASE_URL
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    def log(message):
        print(message, flush=True)

    rows = []
    for size in sorted(args.sizes):
        url = f"{BASE_URL}_{size}"
        create_database(url)
        connections["default"].close()
        settings.DATABASES["default"]["NAME"] = url.rsplit("/", 1)[1]
        connections["default"].settings_dict["NAME"] = settings.DATABASES["default"][
            "NAME"
        ]
        call_command("migrate", verbosity=0)
        log(f"{size:,} stories")
        with connections["default"].cursor() as cursor:
            fill(size, cursor, log)
        median, p95, worst, matches = measure(log)
        rows.append((size, median, p95, worst, matches))
        log(f"  median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms")

    lines = [
        f"Search latency, PostgreSQL, {datetime.now(tz=UTC):%Y-%m-%d}: "
        f"{len(QUERIES)} queries × {REPEATS}, page 1 with ranking and snippets.",
        "",
        "| Stories | Median | p95 | Max | Largest result (ranked, capped at 501) |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, median, p95, worst, matches in rows:
        lines.append(
            f"| {size:,} | {median:.1f} ms | {p95:.1f} ms | {worst:.1f} ms "
            f"| {max(matches.values()):,} |"
        )
    table = "\n".join(lines)
    print("\n" + table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
