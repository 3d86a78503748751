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


# The Russian edition's text, written for the benchmark: a handful of
# headlines, standfirsts and paragraphs, recombined as the English ones are.
RUSSIAN_HEADLINES = [
    "Суд в Душанбе приговорил вербовщиков террористов к длительным срокам",
    "Правительство обещает решить проблему нехватки воды к лету",
    "Сбор хлопка начался раньше обычного из-за жары",
    "Наблюдатели на выборах сообщили о нарушениях на участках",
    "Полиция задержала журналиста после публикации о коррупции",
    "Денежные переводы из России сократились третий месяц подряд",
    "Землетрясение магнитудой пять баллов ощутили жители Худжанда",
    "Строительство Рогунской ГЭС вышло на новый этап",
    "Цены на продукты растут быстрее зарплат, говорят экономисты",
    "На границе открылся новый пункт пропуска для грузовиков",
]
RUSSIAN_STANDFIRSTS = [
    "Родственники осуждённых говорят, что не знали о связях с террористами.",
    "Жители пригородов по несколько дней обходятся без водопровода.",
    "Фермеры жалуются, что закупочные цены не покрывают расходов.",
    "Власти отвергают обвинения и называют выборы честными.",
    "Коллеги задержанного требуют его освобождения.",
    "Семьи мигрантов всё больше зависят от помощи родственников.",
    "Сведений о погибших нет, но несколько школ закрыты для проверки.",
    "Инженеры говорят, что плотина будет готова не раньше чем через три года.",
]
RUSSIAN_PARAGRAPHS = [
    "<p>По данным следствия, вербовщики искали молодых людей через мессенджеры"
    " и обещали им работу за границей.</p>",
    "<p>Суд признал обвиняемых виновными в пособничестве террористам и"
    " назначил им от восьми до пятнадцати лет лишения свободы.</p>",
    "<p>Представитель министерства энергетики сказал, что ремонт насосных"
    " станций закончится до начала лета.</p>",
    "<p>В кишлаках вокруг Худжанда люди носят воду из арыков, а очереди к"
    " колонкам выстраиваются с рассвета.</p>",
    "<p>Международные наблюдатели отметили, что на многих участках не было"
    " кабин для тайного голосования.</p>",
    "<p>Журналиста задержали у подъезда его дома; адвокат говорит, что ему не"
    " позволили позвонить родным.</p>",
    "<p>Экономисты связывают падение переводов с ослаблением рубля и новыми"
    " правилами для мигрантов в России.</p>",
    "<p>Подземные толчки продолжались около двадцати секунд, жители вышли на"
    " улицы и провели ночь под открытым небом.</p>",
    "<p>Цены на муку, масло и сахар на рынках выросли почти на треть с начала"
    " года.</p>",
    "<p>Пограничники обещают, что новый пункт пропуска сократит очереди"
    " грузовиков с нескольких дней до нескольких часов.</p>",
    "<p>В мечетях города имамы призвали прихожан не доверять незнакомцам,"
    " которые предлагают работу за рубежом.</p>",
    "<p>Правозащитники просят правительство объяснить, на каком основании"
    " полиция проводит обыски без ордера.</p>",
]
# The share of benchmark stories in the Russian edition, in tenths.
RUSSIAN_TENTHS = 3


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
    configs = settings.NEWSROOM_SEARCH_CONFIGS
    cursor.execute("DROP INDEX IF EXISTS article_search_day_idx")
    while have < target:
        upto = min(target, have + BATCH)
        started = time.perf_counter()
        # Three stories in ten are the Russian edition's, in Russian, with
        # their vectors made by the Russian stemmer (as Article.save does).
        # "+ g / 10": the Russian stories are those with g % 10 < 3, so g
        # alone would pick only three of their ten headlines.
        cursor.execute(
            """
            INSERT INTO articles_article (
                headline, slug, language, translation_group, section_id, kicker,
                standfirst, dateline, body, status, publish_at, first_published_at,
                created_at, updated_at, commenting, comment_moderation,
                lead_image_caption, lead_image_credit, source_revision,
                search_vector)
            SELECT s.headline, 'bench-' || s.g, s.language, gen_random_uuid(),
                s.section, '', s.standfirst, 'DUSHANBE', s.body, 'published',
                s.at, s.at, s.at, s.at, '', '', '', '', 0,
                setweight(to_tsvector(s.config, s.headline), 'A')
                || setweight(to_tsvector(s.config, s.standfirst), 'B')
                || setweight(to_tsvector(s.config,
                    regexp_replace(s.body, '<[^>]+>', ' ', 'g')), 'C')
            FROM (
                SELECT g, language,
                    (CASE language WHEN 'ru' THEN %(ru_config)s
                        ELSE %(en_config)s END)::regconfig AS config,
                    (CASE language WHEN 'ru' THEN %(ru_headlines)s::text[]
                        ELSE %(headlines)s::text[] END)
                        [1 + (g * 7919 + g / 10) %% cardinality(CASE language
                            WHEN 'ru' THEN %(ru_headlines)s::text[]
                            ELSE %(headlines)s::text[] END)]
                        AS headline,
                    (CASE language WHEN 'ru' THEN %(ru_standfirsts)s::text[]
                        ELSE %(standfirsts)s::text[] END)
                        [1 + (g * 104729 + g / 10) %% cardinality(CASE language
                            WHEN 'ru' THEN %(ru_standfirsts)s::text[]
                            ELSE %(standfirsts)s::text[] END)]
                        AS standfirst,
                    (SELECT string_agg(
                        (CASE language WHEN 'ru' THEN %(ru_paragraphs)s::text[]
                            ELSE %(paragraphs)s::text[] END)
                        [1 + floor(random() * cardinality(CASE language
                            WHEN 'ru' THEN %(ru_paragraphs)s::text[]
                            ELSE %(paragraphs)s::text[] END))::int + 0 * k],
                        '')
                     FROM generate_series(1, 4 + g %% 5) AS k
                     WHERE k > 0 * g) AS body,
                    section, at
                FROM (
                    SELECT g,
                        CASE WHEN g %% 10 < %(ru_tenths)s THEN 'ru' ELSE 'en' END
                            AS language,
                        (%(sections)s::bigint[])
                            [1 + g %% cardinality(%(sections)s::bigint[])]
                            AS section,
                        -- Ids rise with time, as they do when stories are filed.
                        now() - interval '1 hour'
                            - (%(target)s - g) * interval '2 minutes' AS at
                    FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
                ) AS n
            ) AS s
            """,
            {
                "en_config": configs.get("en", "english"),
                "ru_config": configs.get("ru", "russian"),
                "headlines": headlines,
                "standfirsts": standfirsts,
                "paragraphs": paragraphs,
                "ru_headlines": RUSSIAN_HEADLINES,
                "ru_standfirsts": RUSSIAN_STANDFIRSTS,
                "ru_paragraphs": RUSSIAN_PARAGRAPHS,
                "ru_tenths": RUSSIAN_TENTHS,
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
        "CREATE INDEX article_search_day_idx ON articles_article"
        " USING gin (search_vector, ((publish_at AT TIME ZONE 'UTC')::date))"
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
        INSERT INTO articles_article_tags
            (article_id, tag_id, language, status, publish_at)
        SELECT a.id, t.id, a.language, a.status, a.publish_at
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
        INSERT INTO articles_articleauthor
            (article_id, author_id, position, language, status, publish_at)
        SELECT a.id, w.id, pick.position, a.language, a.status, a.publish_at
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
