"""Rendered reader pages in process, against the trivial view in the same run.

    python bench/render.py --size 1000000 --repeat 50

Django's test client, in this process, on ``<BENCH_DATABASE_URL>_<size>``
(filled once by bench/data.py). The requests carry a session cookie, so the
page cache steps aside and every request renders (as for staff); the fragment
cache (story cards, navigation) works as it does for readers: it is warm after
the first request, as it is on a live site. Each figure is the median over
``--repeat`` requests; the cases take turns so drift is shared. Reference: the
10 KB trivial view through the full middleware stack.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.data import BASE_URL, setup_django, use_database  # noqa: E402

SESSION = "benchmark-reader-with-a-session"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ["NEWSROOM_BENCHMARK"] = "1"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    setup_django(BASE_URL)
    use_database(args.size, base_url=BASE_URL, log=print)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Tag

    story = Article.objects.published().latest().select_related("section").first()
    from django.conf import settings

    tag = Tag.objects.order_by("-pk").first()  # the rarest of bench/data.py's
    on_tag = Article.objects.published().filter(tags=tag).count()
    deep = max(1, min(40, on_tag // settings.NEWSROOM_PAGE_SIZE))
    cases = {
        "Trivial view (10 KB)": "/bench/ten-kb/",
        "Story": story.get_absolute_url(),
        "Section": f"/section/{story.section.slug}/",
        "Home": "/",
        "Tag, page 1": f"/tag/{tag.slug}/",
        f"Tag, page {deep}": f"/tag/{tag.slug}/?page={deep}",
        "Tag feed": f"/tag/{tag.slug}/rss.xml",
        "Sitemap index": "/sitemap.xml",
    }
    client = Client()
    client.cookies["sessionid"] = SESSION
    times = {name: [] for name in cases}
    queries = {}
    for name, url in cases.items():  # warm: templates, connections, fragments
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[name] = len(captured)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured)
    for _ in range(args.repeat):
        for name, url in cases.items():
            started = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - started) * 1000)
    trivial = statistics.median(times["Trivial view (10 KB)"])
    lines = [
        f"In process, {args.size:,} stories, median of {args.repeat} renders "
        "(fragments warm), session cookie (no page cache):",
        "",
        "| Page | median | × trivial view | SQL queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, measured in times.items():
        median = statistics.median(measured)
        lines.append(
            f"| {name} | {median:.2f} ms | {median / trivial:.0f}× | {queries[name]} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
