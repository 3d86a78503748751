"""The admin's article list on PostgreSQL at 10,000 and 1,000,000 stories.

    python3 run.py bench admin                  # 10k and 1M, about 5 minutes
    python bench/admin_list.py --sizes 10000 --repeats 5

Uses the same databases as the other benchmarks (``newsroom_bench_<size>``,
made, migrated and filled once by bench/data.py). For each size it logs a
superuser in and requests /admin/articles/article/ in process with Django's
test client, once with each query string in ``URLS``: warm-up once, then
``--repeats`` timed rounds. Server time is the whole request (middleware,
queries, template) as the client sees it; no network. Per URL and size it
reports median and p95, the SQL time and number of queries per request, and
any unbounded ``COUNT(*)`` over the article table (no LIMIT), marking one over
the whole table. Results go to bench/results/admin_list.md.
"""

import argparse
import re
import statistics
import sys
import time
import warnings
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import BASE_URL, p95, setup_django, use_database  # noqa: E402

# Served from the finders outside production; no collectstatic runs first.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# What an editor clicks, as query strings on the article list. Filters are plain
# field lookups, which the admin accepts whatever its list_filter says. Filled
# in per database (see placeholders()): {section}, {author}, {week_ago},
# {tomorrow}.
URLS = [
    ("List, page 1", ""),
    ("List, page 2", "p=2"),
    ("Status: published", "status__exact=published"),
    ("Status: draft", "status__exact=draft"),
    ("Section", "section__id__exact={section}"),
    ("Author", "author={author}"),
    ("Search: border", "q=border"),
    ("Published, past 7 days", "publish_at__gte={week_ago}&publish_at__lt={tomorrow}"),
    ("Translation out of date", "translation=out_of_date"),
]
REPEATS = 20
USERNAME = "bench-admin"


def log(message):
    print(message, flush=True)


def placeholders():
    """Values for the placeholders in ``URLS``, read from this database."""
    from django.utils import timezone

    from articles.models import Author, Section

    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "section": Section.objects.order_by("position", "pk").first().pk,
        "author": Author.objects.order_by("pk").first().pk,
        # As the admin's "Past 7 days" date filter writes them.
        "week_ago": quote(str(today - timedelta(days=7))),
        "tomorrow": quote(str(today + timedelta(days=1))),
    }


def urls():
    """``URLS`` with placeholders filled in: (label, path) pairs."""
    from django.urls import reverse

    base = reverse("admin:articles_article_changelist")
    values = placeholders()
    return [
        (label, f"{base}?{query.format(**values)}" if query else base)
        for label, query in URLS
    ]


def superuser_client():
    """A test client logged in as the benchmark's superuser (made if missing)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"email": "bench@example.invalid"}
    )
    if not (user.is_superuser and user.is_staff and user.is_active):
        user.is_superuser = user.is_staff = user.is_active = True
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    return client


def count_kind(sql, table):
    """ "whole" for a COUNT of every row of ``table``, "filtered" for a COUNT
    with a WHERE but no LIMIT, None for anything else (bounded counts too)."""
    upper = sql.upper()
    if "COUNT(" not in upper or f'FROM "{table.upper()}"' not in upper:
        return None
    if " LIMIT " in upper:
        return None
    return "filtered" if " WHERE " in upper else "whole"


def request(client, path):
    """One timed request: milliseconds, its queries as (SQL, ms), the result count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # CaptureQueriesContext rounds times to the millisecond; time them here too.
    durations = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection) as captured:
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, f"{path}: {response.status_code}"
    sqls = [query["sql"] for query in captured.captured_queries]
    assert len(sqls) == len(durations), path
    changelist = (getattr(response, "context_data", None) or {}).get("cl")
    rows = changelist.result_count if changelist is not None else None
    return elapsed, list(zip(sqls, durations, strict=True)), rows


def measure(size, repeats):
    """Timings and query profile of every URL in ``URLS`` at one size."""
    from articles.models import Article

    table = Article._meta.db_table
    client = superuser_client()
    paths = urls()
    for _, path in paths:  # warm up: connections, templates, PostgreSQL's cache
        request(client, path)
    timings = defaultdict(list)
    sql_times = defaultdict(list)
    by_query = defaultdict(lambda: defaultdict(float))  # path -> sql -> ms
    profile = {}
    for _ in range(repeats):
        for _, path in paths:
            elapsed, queries, rows = request(client, path)
            timings[path].append(elapsed)
            sql_times[path].append(sum(ms for _, ms in queries))
            for sql, ms in queries:
                by_query[path][sql] += ms
            kinds = [count_kind(sql, table) for sql, _ in queries]
            profile[path] = (len(queries), kinds, rows)
    results = []
    for label, path in paths:
        count, kinds, rows = profile[path]
        sql, total = max(by_query[path].items(), key=lambda item: item[1])
        result = {
            "size": size,
            "label": label,
            "path": path,
            "median": statistics.median(timings[path]),
            "p95": p95(timings[path]),
            "sql": statistics.median(sql_times[path]),
            "queries": count,
            "rows": rows,
            "whole_counts": kinds.count("whole"),
            "filtered_counts": kinds.count("filtered"),
            "slowest_sql": sql,
            "slowest_ms": total / repeats,
        }
        results.append(result)
        flag = "  WHOLE-TABLE COUNT(*)" if result["whole_counts"] else ""
        log(
            f"  {label:<26} median {result['median']:8.1f} ms  "
            f"p95 {result['p95']:8.1f} ms  SQL {result['sql']:8.1f} ms  "
            f"{count:>2} queries{flag}"
        )
    return results


def counts_cell(result):
    whole, filtered = result["whole_counts"], result["filtered_counts"]
    parts = []
    if whole:
        parts.append(f"**{whole} whole table**")
    if filtered:
        parts.append(f"{filtered} filtered")
    return ", ".join(parts) or "–"


def short_sql(sql, limit=220):
    """The query without its column list, cut to ``limit`` characters."""
    sql = re.sub(r"^SELECT (?!COUNT\()(?:DISTINCT )?.*? FROM ", "SELECT … FROM ", sql)
    sql = sql.replace("|", "\\|")
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def write_table(results, sizes, repeats):
    lines = [
        f"Admin article list, PostgreSQL, {datetime.now(tz=UTC):%Y-%m-%d}: "
        "/admin/articles/article/ requested in process (django.test.Client, "
        f"superuser), warm-up then {repeats} rounds. Server time is the whole "
        "request; SQL is the part spent in queries.",
        "",
    ]
    for size in sizes:
        lines += [
            f"**{size:,} stories**",
            "",
            "| Request | Median | p95 | SQL (median) | Queries | Result count "
            "| Unbounded COUNT(*) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for result in results:
            if result["size"] == size:
                rows = "–" if result["rows"] is None else f"{result['rows']:,}"
                lines.append(
                    f"| {result['label']} | {result['median']:.1f} ms "
                    f"| {result['p95']:.1f} ms | {result['sql']:.1f} ms "
                    f"| {result['queries']} | {rows} | {counts_cell(result)} |"
                )
        lines.append("")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        medians = {(r["size"], r["path"]): r for r in results}
        lines += [
            f"Median server time at {large:,} stories against {small:,} "
            "(target: 2× at most):",
            "",
            "| Request | Ratio | Within target |",
            "| --- | ---: | --- |",
        ]
        for result in results:
            if result["size"] == large and (small, result["path"]) in medians:
                ratio = result["median"] / medians[(small, result["path"])]["median"]
                lines.append(
                    f"| {result['label']} | {ratio:.2f}× "
                    f"| {'yes' if ratio <= 2 else '**no**'} |"
                )
        lines.append("")
    largest = sizes[-1]
    lines += [
        f"Slowest query of each request at {largest:,} stories (mean per request):",
        "",
        "| Request | Time | Query |",
        "| --- | ---: | --- |",
    ]
    for result in results:
        if result["size"] == largest:
            lines.append(
                f"| {result['label']} | {result['slowest_ms']:.1f} ms "
                f"| `{short_sql(result['slowest_sql'])}` |"
            )
    table = "\n".join(lines).rstrip() + "\n"
    print("\n" + table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "admin_list.md").write_text(table)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()

    setup_django(BASE_URL)
    sizes = sorted(args.sizes)
    results = []
    for size in sizes:
        log(f"{size:,} stories")
        use_database(size, base_url=BASE_URL, log=log)
        results += measure(size, args.repeats)
    write_table(results, sizes, args.repeats)


if __name__ == "__main__":
    main()
