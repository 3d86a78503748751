"""The public content API: what it shows, what it never shows, its cache and
its refusals."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.params import cursor_encode
from articles.models import Article, Correction
from articles.services import (
    article_publish,
    article_save,
    article_unpublish,
    corrections_added,
)
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

STORIES = "/api/v1/stories/"


def _story_url(story):
    return f"{STORIES}{story.pk}/"


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def politics():
    return SectionFactory(name="Politics")


@pytest.fixture
def hidden(politics):
    """A draft, a story in review, a scheduled story and an unpublished one."""
    past = timezone.now() - timedelta(days=1)
    return [
        ArticleFactory(section=politics, headline="Draft"),
        ArticleFactory(section=politics, status=Article.Status.REVIEW),
        ArticleFactory(section=politics, scheduled=True, headline="Tomorrow"),
        ArticleFactory(
            section=politics,
            published=True,
            publish_at=past - timedelta(days=1),
            unpublish_at=past,
        ),
    ]


# ------------------------------------------------------------------ shapes


def test_a_story_carries_what_its_page_shows(client, published_article):
    Correction.objects.create(
        article=published_article, kind="correction", text="The date was wrong."
    )
    CommentFactory(article=published_article, status=Comment.Status.APPROVED)
    CommentFactory(article=published_article, status=Comment.Status.PENDING)

    response = client.get(_story_url(published_article))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    story = response.json()
    assert story["id"] == published_article.pk
    assert story["headline"] == published_article.headline
    assert story["standfirst"] == published_article.standfirst
    assert story["url"] == f"http://testserver{published_article.get_absolute_url()}"
    assert story["api_url"] == f"http://testserver{_story_url(published_article)}"
    assert story["language"] == "en"
    assert story["section"]["name"] == "Terrorism"
    assert story["section"]["url"] == "http://testserver/section/terrorism/"
    assert [a["name"] for a in story["authors"]] == ["Nadin Bahrom"]
    assert story["authors"][0]["url"] == "http://testserver/author/nadin-bahrom/"
    assert [t["name"] for t in story["tags"]] == ["Islamic State", "Tajikistan"]
    assert story["body"] == published_article.body
    assert story["lead_image"]["caption"] == "Khalimov in Syria, May 2016."
    assert story["lead_image"]["credit"] == "YouTube"
    renditions = story["lead_image"]["renditions"]
    assert {r["format"] for r in renditions} == {"webp", "jpeg"}
    assert all(r["url"].startswith("http://testserver/media/") for r in renditions)
    assert all(r["width"] > 0 for r in renditions)
    assert story["corrections"] == [
        {
            "kind": "correction",
            "text": "The date was wrong.",
            "published_at": story["corrections"][0]["published_at"],
        }
    ]
    assert story["comment_count"] == 1
    assert story["translations"] == []
    assert story["published_at"]
    assert story["updated_at"]


def test_no_field_readers_cannot_see_on_the_site(client, published_article):
    CommentFactory(article=published_article, status=Comment.Status.APPROVED)
    published_article.apply_working_copy()

    detail = client.get(_story_url(published_article)).content.decode()
    listing = client.get(STORIES).content.decode()
    authors = client.get("/api/v1/authors/").content.decode()

    for text in (detail, listing, authors):
        for secret in ("email", "ip_hash", "working_copy", "revision", "@example"):
            assert secret not in text
        assert "status" not in text
        assert "created_by" not in text


def test_a_list_item_is_the_story_without_its_body(client, published_article):
    item = client.get(STORIES).json()["items"][0]

    assert item["headline"] == published_article.headline
    assert "body" not in item
    assert "comment_count" not in item
    assert item["lead_image"]["renditions"]


def test_a_story_lists_its_live_translations(client, published_article):
    russian = ArticleFactory(
        published=True,
        language="ru",
        translation_group=published_article.translation_group,
        translated_from=published_article,
        section=published_article.section,
        headline="Халимов в Сирии",
    )

    english = client.get(_story_url(published_article)).json()
    back = client.get(_story_url(russian)).json()

    assert english["translations"] == [
        {
            "id": russian.pk,
            "language": "ru",
            "headline": "Халимов в Сирии",
            "url": f"http://testserver{russian.get_absolute_url()}",
            "api_url": f"http://testserver{_story_url(russian)}",
        }
    ]
    assert [t["id"] for t in back["translations"]] == [published_article.pk]


def test_a_draft_translation_is_not_listed(client, published_article):
    ArticleFactory(language="ru", translation_group=published_article.translation_group)

    assert client.get(_story_url(published_article)).json()["translations"] == []


def test_sections_authors_tags_and_languages(client, published_article, settings):
    sections = client.get("/api/v1/sections/").json()["items"]
    authors = client.get("/api/v1/authors/").json()["items"]
    tags = client.get("/api/v1/tags/").json()["items"]
    languages = client.get("/api/v1/languages/").json()["items"]

    assert [s["slug"] for s in sections] == ["terrorism"]
    assert authors[0]["name"] == "Nadin Bahrom"
    assert set(authors[0]) == {"id", "name", "slug", "url", "bio", "photo"}
    assert [t["slug"] for t in tags] == ["islamic-state", "tajikistan"]
    assert [(lang["code"], lang["default"]) for lang in languages] == [
        (code, code == settings.LANGUAGE_CODE) for code, _ in settings.LANGUAGES
    ]
    assert languages[1]["name_local"] == "Русский"


@pytest.mark.parametrize(
    ("path", "factory"), [("tags", TagFactory), ("authors", AuthorFactory)]
)
def test_tags_and_authors_come_in_pages_in_slug_order(
    client, path, factory, django_assert_max_num_queries
):
    for n in (3, 0, 4, 1, 2):
        factory(name=f"Topic {n}")

    first = client.get(f"/api/v1/{path}/?limit=2").json()
    with django_assert_max_num_queries(3):
        second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert [item["slug"] for item in first["items"]] == ["topic-0", "topic-1"]
    assert [item["slug"] for item in second["items"]] == ["topic-2", "topic-3"]
    assert second["next"].endswith(f"/api/v1/{path}/?limit=2&after=topic-3")
    assert [item["slug"] for item in third["items"]] == ["topic-4"]
    assert third["next"] is None
    refused = client.get(f"/api/v1/{path}/?after=Topic%203")
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "after"


# ----------------------------------------------------------- never shown


def test_drafts_scheduled_and_unpublished_stories_are_404_by_id(client, hidden):
    for story in hidden:
        response = client.get(_story_url(story))

        assert response.status_code == 404, story
        assert response.json()["detail"] == "Not found."


def test_drafts_scheduled_and_unpublished_stories_are_absent_from_lists(
    client, hidden, politics
):
    live = ArticleFactory(published=True, section=politics)

    assert _ids(client.get(STORIES)) == [live.pk]
    assert _ids(client.get(f"{STORIES}?section=politics")) == [live.pk]
    assert _ids(client.get(f"{STORIES}?limit=100")) == [live.pk]


# ----------------------------------------------------------------- filters


def test_filters_by_section_tag_author_and_language(client, politics):
    culture = SectionFactory(name="Culture")
    writer = AuthorFactory(name="Nadin Bahrom")
    elections = TagFactory(name="Elections")
    in_politics = ArticleFactory(published=True, section=politics)
    tagged = ArticleFactory(published=True, section=culture, tags=[elections])
    written = ArticleFactory(published=True, section=culture, authors=[writer])
    russian = ArticleFactory(published=True, section=culture, language="ru")

    assert _ids(client.get(f"{STORIES}?section=politics")) == [in_politics.pk]
    assert _ids(client.get(f"{STORIES}?tag=elections")) == [tagged.pk]
    assert _ids(client.get(f"{STORIES}?author=nadin-bahrom")) == [written.pk]
    assert _ids(client.get(f"{STORIES}?language=ru")) == [russian.pk]
    assert _ids(client.get(f"{STORIES}?section=culture&language=ru")) == [russian.pk]
    assert _ids(client.get(f"{STORIES}?section=nowhere")) == []


def test_filters_by_time_for_incremental_sync(client):
    now = timezone.now()
    old = ArticleFactory(published=True, publish_at=now - timedelta(days=3))
    new = ArticleFactory(published=True, publish_at=now - timedelta(hours=1))
    # The old story was edited since; the new one was not.
    Article.objects.filter(pk=old.pk).update(updated_at=now)
    Article.objects.filter(pk=new.pk).update(updated_at=now - timedelta(days=3))
    since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    naive = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")

    assert _ids(client.get(f"{STORIES}?published_after={since}")) == [new.pk]
    assert _ids(client.get(f"{STORIES}?published_after={naive}")) == [new.pk]
    assert _ids(client.get(f"{STORIES}?updated_after={since}")) == [old.pk]
    assert _ids(client.get(f"{STORIES}?updated_after={since}&cursor=")) == [old.pk]


def test_the_cursor_walks_every_story_once_newest_first(client):
    now = timezone.now()
    same_moment = now - timedelta(hours=2)
    stories = [
        ArticleFactory(published=True, publish_at=same_moment) for _ in range(3)
    ] + [
        ArticleFactory(published=True, publish_at=now - timedelta(minutes=m))
        for m in (5, 200, 300)
    ]
    expected = [
        story.pk
        for story in sorted(stories, key=lambda s: (s.publish_at, s.pk), reverse=True)
    ]

    seen, url, pages = [], f"{STORIES}?limit=2&section={stories[0].section.slug}", 0
    url = f"{STORIES}?limit=2"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        pages += 1
        if url:
            assert f"cursor={page['next_cursor']}" in url
            assert "limit=2" in url

    assert seen == expected
    assert pages == 3


@pytest.mark.parametrize("filed", ["tag", "author"])
def test_the_cursor_walks_an_editions_tag_or_author_newest_first(client, filed):
    tag, author = TagFactory(slug="floods"), AuthorFactory(slug="aziz")
    same_moment = timezone.now() - timedelta(hours=2)
    russian = [
        ArticleFactory(
            published=True,
            language="ru",
            publish_at=same_moment - timedelta(minutes=n // 2),
            tags=[tag],
            authors=[author],
        )
        for n in range(5)
    ]
    ArticleFactory(published=True, tags=[tag], authors=[author])
    expected = [
        story.pk
        for story in sorted(russian, key=lambda s: (s.publish_at, s.pk), reverse=True)
    ]
    slug = "floods" if filed == "tag" else "aziz"

    seen, url = [], f"{STORIES}?limit=2&language=ru&{filed}={slug}"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]

    assert seen == expected
    assert _ids(client.get(f"{STORIES}?language=ru&{filed}=nobody")) == []


def test_the_next_page_keeps_the_filters(client, politics):
    for _ in range(3):
        ArticleFactory(published=True, section=politics)

    first = client.get(f"{STORIES}?section=politics&limit=2").json()

    assert "section=politics" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 1
    assert second["next"] is None
    assert second["next_cursor"] is None


# ------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cursor=junk", "cursor"),
        ("cursor=" + "A" * 65, "cursor"),
        ("cursor=MTIz", "cursor"),  # "123": no id
        ("cursor=MS4w", "cursor"),  # "1.0": no story has id 0
        ("cursor=MS4xLjE", "cursor"),  # "1.1.1"
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("limit=99999999999999999999999", "limit"),
        ("section=no%20spaces", "section"),
        ("tag=a.b", "tag"),
        ("author=" + "a" * 201, "author"),
        ("language=xx", "language"),
        ("language=EN", "language"),
        ("published_after=yesterday", "published_after"),
        ("published_after=2026-13-01", "published_after"),
        ("updated_after=9999-12-31T23:59:59-23:00", "updated_after"),
        ("updated_after=0001-01-01T00:00:00%2B23:00", "updated_after"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"{STORIES}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["parameter"] == parameter
    assert response.json()["detail"].startswith(f"{parameter}: ")
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("story_id", ["abc", "0", "-1", "1.5", "9" * 25])
def test_a_bad_story_id_is_a_400_naming_it(client, story_id):
    response = client.get(f"{STORIES}{story_id}/")

    assert response.status_code == 400
    assert response.json()["parameter"] == "story_id"


def test_a_missing_story_is_a_404(client):
    response = client.get(f"{STORIES}{2**63 - 1}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "parameter": None}


def test_a_cursor_from_another_list_is_still_read_as_a_position(client):
    story = ArticleFactory(published=True)
    cursor = cursor_encode(story.publish_at + timedelta(seconds=1), story.pk + 1)

    assert _ids(client.get(f"{STORIES}?cursor={cursor}")) == [story.pk]


# ------------------------------------------------------------------ cache


def _cache_control(response):
    return {
        part.strip().split("=")[0]: part.strip().partition("=")[2]
        for part in response["Cache-Control"].split(",")
    }


def test_responses_are_public_and_cacheable_with_an_etag(client, published_article):
    for url in (STORIES, _story_url(published_article), "/api/v1/sections/"):
        response = client.get(url)

        control = _cache_control(response)
        assert "public" in control, url
        assert control["s-maxage"] == "300"
        assert control["stale-while-revalidate"] == "300"
        assert response["ETag"]
        assert not response.cookies


def test_a_matching_etag_gets_304(client, published_article):
    for url in (STORIES, _story_url(published_article)):
        first = client.get(url)
        cached = client.get(url)

        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

        assert cached["ETag"] == first["ETag"]
        assert again.status_code == 304
        assert again.content == b""


def test_a_cached_response_runs_no_queries(
    client, published_article, django_assert_num_queries
):
    for url in (
        f"{STORIES}?section=terrorism&limit=5",
        _story_url(published_article),
        "/api/v1/authors/",
    ):
        first = client.get(url)

        with django_assert_num_queries(0):
            second = client.get(f"{url}{'&' if '?' in url else '?'}utm_source=x")

        assert first["X-Page-Cache"] == "miss"
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content


def test_canonical_values_share_one_copy_and_bad_ones_are_never_stored(
    client, published_article
):
    assert client.get(f"{STORIES}?limit=5")["X-Page-Cache"] == "miss"
    assert client.get(f"{STORIES}?limit=05")["X-Page-Cache"] == "hit"
    assert client.get(f"{STORIES}?limit=0").status_code == 400
    assert "X-Page-Cache" not in client.get(f"{STORIES}?cursor=junk")


def test_publishing_purges_the_lists_and_the_story_that_show_it(
    client, politics, django_capture_on_commit_callbacks
):
    culture = SectionFactory(name="Culture")
    ArticleFactory(published=True, section=culture)
    story = ArticleFactory(section=politics, headline="Parliament dissolved")
    urls = {
        "all": STORIES,
        "politics": f"{STORIES}?section=politics",
        "english": f"{STORIES}?language=en",
        "culture": f"{STORIES}?section=culture",
    }
    for url in urls.values():
        assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(_story_url(story)).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=story)

    for name in ("all", "politics", "english"):
        response = client.get(urls[name])
        assert response["X-Page-Cache"] == "miss", name
        assert story.pk in _ids(response), name
    assert client.get(urls["culture"])["X-Page-Cache"] == "hit"
    assert client.get(_story_url(story)).json()["headline"] == "Parliament dissolved"


def test_a_correction_purges_the_story(
    client, published_article, django_capture_on_commit_callbacks
):
    assert client.get(_story_url(published_article)).json()["corrections"] == []
    correction = Correction.objects.create(
        article=published_article, text="The date was wrong."
    )

    with django_capture_on_commit_callbacks(execute=True):
        corrections_added(article=published_article, corrections=[correction], by=None)

    response = client.get(_story_url(published_article))
    assert response["X-Page-Cache"] == "miss"
    assert response.json()["corrections"][0]["text"] == "The date was wrong."


def test_unpublishing_purges_the_story_and_its_lists(
    client, published_article, django_capture_on_commit_callbacks
):
    tag_list = f"{STORIES}?tag=tajikistan"
    assert client.get(_story_url(published_article)).status_code == 200
    assert _ids(client.get(tag_list)) == [published_article.pk]

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=published_article)

    assert client.get(_story_url(published_article)).status_code == 404
    assert _ids(client.get(tag_list)) == []
    assert _ids(client.get(f"{STORIES}?author=nadin-bahrom")) == []


def test_moving_a_story_purges_the_list_it_left_and_the_one_it_joined(
    client, politics, django_capture_on_commit_callbacks
):
    culture = SectionFactory(name="Culture")
    story = ArticleFactory(published=True, section=politics)
    assert _ids(client.get(f"{STORIES}?section=politics")) == [story.pk]
    assert _ids(client.get(f"{STORIES}?section=culture")) == []

    story.section = culture
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story, by=None)

    assert _ids(client.get(f"{STORIES}?section=politics")) == []
    assert _ids(client.get(f"{STORIES}?section=culture")) == [story.pk]


def test_staff_get_private_responses(admin_client, published_article):
    response = admin_client.get(_story_url(published_article))

    assert response.status_code == 200
    assert "private" in _cache_control(response)
    assert "public" not in _cache_control(response)


# ---------------------------------------------------------- query budget


def test_a_list_runs_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries
):
    section = SectionFactory()
    writers = [AuthorFactory(), AuthorFactory()]
    labels = [TagFactory(), TagFactory()]
    picture = ImageFactory()
    for _ in range(25):
        ArticleFactory(
            published=True,
            section=section,
            authors=writers,
            tags=labels,
            lead_image=picture,
        )

    # Stories, bylines, renditions, tags; and when the site next changes by
    # itself (the page cache's lifetime).
    with django_assert_max_num_queries(5):
        short = client.get(f"{STORIES}?limit=2&section={section.slug}")
    with django_assert_max_num_queries(5):
        long = client.get(f"{STORIES}?limit=25&tag={labels[0].slug}")

    assert len(short.json()["items"]) == 2
    assert len(long.json()["items"]) == 25


def test_a_story_runs_a_fixed_number_of_queries(
    client, published_article, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get(_story_url(published_article)).status_code == 200


# ------------------------------------------------------- rate limit, CORS


def test_past_the_rate_limit_a_client_gets_429_with_retry_after(
    client, published_article, settings
):
    settings.NEWSROOM_API_RATE_LIMIT = (3, 60)
    for _ in range(3):
        assert client.get(STORIES).status_code == 200

    refused = client.get(STORIES)
    other_address = client.get(STORIES, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    assert "no-store" in _cache_control(refused)
    assert other_address.status_code == 200


def test_any_origin_may_get_and_nothing_else(client, published_article):
    got = client.get(STORIES, HTTP_ORIGIN="https://partner.example")
    preflight = client.options(
        STORIES,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    posted = client.post(STORIES, HTTP_ORIGIN="https://partner.example")
    head = client.head(STORIES, HTTP_ORIGIN="https://partner.example")

    assert got["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in got
    assert preflight.status_code == 200
    methods = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert posted.status_code == 405
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"


def test_reader_pages_send_no_cors_headers(client, published_article):
    response = client.get("/", HTTP_ORIGIN="https://partner.example")

    assert "Access-Control-Allow-Origin" not in response


# ---------------------------------------------------------- schema, docs


def test_the_schema_is_openapi_3_and_names_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/stories/",
        "/api/v1/stories/{story_id}/",
        "/api/v1/sections/",
        "/api/v1/authors/",
        "/api/v1/tags/",
        "/api/v1/languages/",
    }


def test_the_docs_load_no_asset_from_elsewhere(client):
    response = client.get("/api/v1/docs/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "//" not in page.replace("http://www.w3.org", "").split("<body")[0]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy


def test_a_nul_in_a_parameter_is_a_json_400_naming_it(client):
    response = client.get(f"{STORIES}?tag=a%00b")

    assert response.status_code == 400
    assert response.json()["parameter"] == "tag"


def test_reader_pages_still_answer_a_nul_with_the_site_page(client):
    response = client.get("/search/?q=%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_stories_from_before_1970_are_paged_through_too(client):
    old = ArticleFactory(published=True, publish_at=timezone.now().replace(year=1962))
    newer = ArticleFactory(published=True)

    first = client.get(f"{STORIES}?limit=1").json()
    second = client.get(first["next"]).json()

    assert [item["id"] for item in first["items"]] == [newer.pk]
    assert [item["id"] for item in second["items"]] == [old.pk]
