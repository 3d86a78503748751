"""Benchmark databases: made once per size, filled in bulk, kept for later runs."""

import os
import statistics
import time

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

    from demo.management.commands.seed_demo import plan_stories

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
                lead_image_caption, lead_image_credit, translation_group,
                search_vector)
            SELECT s.headline, 'bench-' || s.g, 'en', s.section, '', s.standfirst,
                'DUSHANBE', s.body, 'published', s.at, s.at, s.at, s.at, '', '', '', '',
                gen_random_uuid(),
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
                    -- Ids rise with time, as they do when stories are filed.
                    now() - interval '1 hour'
                        - (%(target)s - g) * interval '2 minutes' AS at
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
                "target": target,
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


# Filing as a newsroom has it: every story carries one of a few tags that run
# for years (a country, a beat), one of some hundred running stories, and one
# of a long tail; a byline, and every fifth story a second name. At a million
# stories a common tag holds 100,000 of them, so "related stories" and tag
# pages meet the same crowds they would in production.
COMMON_TAGS = 10
RUNNING_TAGS = 90
RARE_TAGS = 200
AUTHORS = 60


def fill_filing(cursor, log):
    """Tag and byline every story that has neither (stories filled before
    filing was part of the benchmark get it on the next run)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM articles_article a WHERE NOT EXISTS"
        " (SELECT 1 FROM articles_article_tags t WHERE t.article_id = a.id))"
    )
    if not cursor.fetchone()[0]:
        return
    started = time.perf_counter()
    tags = COMMON_TAGS + RUNNING_TAGS + RARE_TAGS
    cursor.execute(
        """
        INSERT INTO articles_tag (name, slug)
        SELECT 'Tag ' || g, 'tag-' || g FROM generate_series(1, %(tags)s) AS g
        ON CONFLICT DO NOTHING
        """,
        {"tags": tags},
    )
    cursor.execute(
        """
        INSERT INTO articles_author (name, slug, bio)
        SELECT 'Reporter ' || g, 'reporter-' || g, ''
        FROM generate_series(1, %(authors)s) AS g
        ON CONFLICT DO NOTHING
        """,
        {"authors": AUTHORS},
    )
    picks = {
        "common": COMMON_TAGS,
        "running": RUNNING_TAGS,
        "rare": RARE_TAGS,
        "authors": AUTHORS,
    }
    cursor.execute(
        """
        INSERT INTO articles_article_tags (article_id, tag_id)
        SELECT a.id, t.id
        FROM articles_article a
        CROSS JOIN LATERAL (VALUES
            (1 + a.id %% %(common)s),
            (1 + %(common)s + (a.id * 7) %% %(running)s),
            (1 + %(common)s + %(running)s + (a.id * 13) %% %(rare)s)
        ) AS pick (n)
        JOIN articles_tag t ON t.slug = 'tag-' || pick.n
        WHERE NOT EXISTS (
            SELECT 1 FROM articles_article_tags x WHERE x.article_id = a.id
        )
        """,
        picks,
    )
    cursor.execute(
        """
        INSERT INTO articles_articleauthor (article_id, author_id, position)
        SELECT a.id, w.id, pick.position
        FROM articles_article a
        CROSS JOIN LATERAL (VALUES (1 + a.id %% %(authors)s, 0),
            (CASE WHEN a.id %% 5 = 0 THEN 1 + (a.id * 7 + 1) %% %(authors)s END, 1)
        ) AS pick (n, position)
        JOIN articles_author w ON w.slug = 'reporter-' || pick.n
        WHERE NOT EXISTS (
            SELECT 1 FROM articles_articleauthor x WHERE x.article_id = a.id
        )
        """,
        picks,
    )
    cursor.execute("VACUUM ANALYZE articles_article_tags")
    cursor.execute("VACUUM ANALYZE articles_articleauthor")
    log(f"  tags and bylines ({time.perf_counter() - started:.0f} s)")


# One database per size (``<BASE_URL>_<size>``), filled once and kept.
BASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
)


def setup_django(base_url=BASE_URL):
    """Configure Django for a benchmark; the database is chosen per size."""
    import django

    os.environ["DATABASE_URL"] = base_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "0")
    django.setup()


def use_database(size, *, base_url, log):
    """Point Django at ``<base_url>_<size>``, made, migrated and filled; its URL."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    url = f"{base_url}_{size}"
    create_database(url)
    name = url.rsplit("/", 1)[1]
    connections["default"].close()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    with connections["default"].cursor() as cursor:
        fill(size, cursor, log)
        fill_filing(cursor, log)
    return url


def p95(values):
    """The 95th percentile of ``values`` (the value itself if there is one)."""
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]
