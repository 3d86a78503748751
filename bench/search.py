"""Search latency on PostgreSQL at 100,000 and 1,000,000 stories in two editions.

    python bench/search.py                      # 100k and 1M, about 15 minutes
    python bench/search.py --sizes 10000 100000

Uses its own databases (``newsroom_bench_<size>`` on the local PostgreSQL, or
next to BENCH_DATABASE_URL), migrates them, and fills them in bulk with
``INSERT … SELECT`` from the demo corpus's headlines, standfirsts and
paragraphs, computing each story's weighted search vector in the same
statement; three stories in ten are the Russian edition's, in Russian
(``bench.data.RUSSIAN_*``). Then it times ``articles.search.search_stories``
(the code behind /search/ and /ru/search/: count, ranked page, snippets) for a
fixed set of reader queries in each edition and prints median and p95 per size.
Results go to bench/results/search.md.
"""

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import BASE_URL, p95, setup_django, use_database  # noqa: E402

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
RUSSIAN_QUERIES = [
    "полиция",
    "правительство",
    "нехватка воды",
    '"денежные переводы"',
    "Душанбе",
    "вербовщики террористы",  # stems: террористов, террористам
    "суд приговорил",
    "выборы наблюдатели",
    "журналист задержан",
    "Рогунская ГЭС",
    "цены на продукты",
    "-полиция мечеть",
    "землетрясение Худжанд",
    "ксилофон",  # matches nothing
]
REPEATS = 5


def measure(log):
    from articles.search import search_stories

    timings, matches = [], {}
    asked = [("en", query) for query in QUERIES] + [
        ("ru", query) for query in RUSSIAN_QUERIES
    ]
    for language, query in asked:  # warm the cache once, as a running site would be
        search_stories(query=query, language=language)
    for _ in range(REPEATS):
        for language, query in asked:
            started = time.perf_counter()
            results = search_stories(query=query, language=language)
            list(results.page.object_list)
            timings.append((time.perf_counter() - started) * 1000)
            matches[query] = results.page.count
    return statistics.median(timings), p95(timings), max(timings), matches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()

    setup_django(BASE_URL)

    def log(message):
        print(message, flush=True)

    rows = []
    for size in sorted(args.sizes):
        log(f"{size:,} stories")
        use_database(size, base_url=BASE_URL, log=log)
        median, slow, worst, matches = measure(log)
        rows.append((size, median, slow, worst, matches))
        log(f"  median {median:.1f} ms, p95 {slow:.1f} ms, max {worst:.1f} ms")

    lines = [
        f"Search latency, PostgreSQL, {datetime.now(tz=UTC):%Y-%m-%d}: "
        f"{len(QUERIES)} English and {len(RUSSIAN_QUERIES)} Russian queries "
        f"× {REPEATS}, page 1 with ranking and snippets; 30% of stories Russian.",
        "",
        "| Stories | Median | p95 | Max | Largest result (ranked, capped at 501) |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, median, slow, worst, matches in rows:
        lines.append(
            f"| {size:,} | {median:.1f} ms | {slow:.1f} ms | {worst:.1f} ms "
            f"| {max(matches.values()):,} |"
        )
    table = "\n".join(lines)
    print("\n" + table)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
