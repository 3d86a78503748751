"""The content API's story list on PostgreSQL: the last page by cursor
against the first, and the plan of each filter.

    python bench/api_cursor.py                  # 1,000,000 stories
    python bench/api_cursor.py --sizes 10000 1000000

Uses the load benchmark's databases (``<BENCH_DATABASE_URL>_<size>``, made and
filled once). Times ``api.selectors.story_list`` (the code behind
/api/v1/stories/, 20 stories a page with their filing) in process, for the
first page and for the last page reached by cursor, unfiltered and with each
filter, and prints each query's plan: every filter must be read from an
index, never by scanning the table. Results go to bench/results/api_cursor.md.
"""

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import BASE_URL, setup_django, use_database  # noqa: E402

PAGE = 20


def log(message):
    print(message, flush=True)


def median_ms(function, runs):
    function()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def filters():
    """One filter of each kind, on values the benchmark's filing has."""
    from articles.models import Author, Section, Tag

    return {
        "none": {},
        "section": {"section": Section.objects.order_by("pk").first().slug},
        "tag (common)": {"tag": Tag.objects.get(slug="tag-1").slug},
        "tag (rare)": {"tag": Tag.objects.order_by("-pk").first().slug},
        "author": {"author": Author.objects.order_by("pk").first().slug},
        "language": {"language": "en"},
    }


def last_cursor(chosen):
    """The keyset of the story before the last page of ``chosen``'s list."""
    from api import selectors

    stories = selectors.Article.objects.published()
    if "section" in chosen:
        stories = stories.filter(section__slug=chosen["section"])
    if "tag" in chosen:
        stories = stories.filter(tags__slug=chosen["tag"])
    if "author" in chosen:
        stories = stories.filter(bylines__author__slug=chosen["author"])
    if "language" in chosen:
        stories = stories.filter(language=chosen["language"])
    before = stories.order_by("publish_at", "pk")[PAGE]
    return before.publish_at, before.pk


def plan(chosen, after):
    """EXPLAIN of the list's main query."""
    from django.db import connection

    from api import selectors

    captured = []

    def capture(execute, sql, params, many, context):
        if not captured:
            captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        selectors.story_list(limit=PAGE, after=after, **chosen)
    sql, params = captured[0]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_django(BASE_URL)
    from api import selectors

    lines = [
        f"API story list, {datetime.now(tz=UTC):%Y-%m-%d}: in process on "
        f"PostgreSQL, {PAGE} stories a page with their filing, median of "
        f"{args.runs} runs, same 2-core machine.",
        "",
    ]
    plans = []
    for size in args.sizes:
        use_database(size, base_url=BASE_URL, log=log)
        lines += [
            f"**{size:,} stories**",
            "",
            "| Filter | first page | last page | last / first | index |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for name, chosen in filters().items():
            after = last_cursor(chosen)
            first = median_ms(
                lambda chosen=chosen: selectors.story_list(limit=PAGE, **chosen),
                args.runs,
            )
            last = median_ms(
                lambda chosen=chosen, after=after: selectors.story_list(
                    limit=PAGE, after=after, **chosen
                ),
                args.runs,
            )
            shown = plan(chosen, after)
            scans = sorted(
                {
                    line.split(" on ")[0].split("->")[-1].strip()
                    + " "
                    + line.split(" on ")[1].split()[0]
                    for line in shown
                    if " on " in line and "Scan" in line
                }
            )
            lines.append(
                f"| {name} | {first:.1f} ms | {last:.1f} ms | "
                f"{last / first:.2f}× | {'; '.join(scans)} |"
            )
            plans += [f"{size:,} stories, {name}, last page:", *shown, ""]
            log(lines[-1])
        lines.append("")
    table = "\n".join(lines).rstrip() + "\n"
    print("\n" + table + "\n" + "\n".join(plans))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "api_cursor.md").write_text(table)


if __name__ == "__main__":
    main()
