"""What search engines, news aggregators and social sites read about a page."""

import html
import re

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags

SOCIAL_WIDTH = 1200
LOGO = ("img/publisher-logo.png", 600, 60)
DEFAULT_SOCIAL_IMAGE = ("img/social-default.png", 1200, 630)
# About two sentences of a news story's opening paragraph.
SUMMARY_LENGTH = 300
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def summary(article):
    """What the story is about, as plain text: its standfirst, or else the
    first paragraph of its body, cut after a word within ``SUMMARY_LENGTH``
    characters. Empty if the story has neither."""
    if article.standfirst.strip():
        return article.standfirst
    return shorten(first_paragraph(article.body), SUMMARY_LENGTH)


def first_paragraph(body):
    """The text of the first paragraph of a (cleaned) body that has any."""
    for paragraph in [*_PARAGRAPH.findall(body or ""), body or ""]:
        text = " ".join(html.unescape(strip_tags(paragraph)).split())
        if text:
            return text
    return ""


def shorten(text, limit):
    """``text`` if it fits in ``limit`` characters, else cut after its last
    whole word that fits, with "…" (which counts)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def social_image(article):
    """The JPEG rendition closest to 1200 px wide, or None. Uses prefetched rows."""
    if article.lead_image is None:
        return None
    return article.lead_image.jpeg_rendition(width=SOCIAL_WIDTH)


def share_image(request, article=None):
    """(absolute URL, width, height, alt) of the picture a shared link shows."""
    rendition = social_image(article) if article is not None else None
    if rendition is not None:
        return (
            request.build_absolute_uri(rendition.file.url),
            rendition.width,
            rendition.height,
            article.lead_image.reader_alt,
        )
    path, width, height = DEFAULT_SOCIAL_IMAGE
    return request.build_absolute_uri(static(path)), width, height, ""


def _work(article, request):
    return {
        "@type": "NewsArticle",
        "@id": request.build_absolute_uri(article.get_absolute_url()),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "headline": article.headline[:110],
        "inLanguage": article.language,
    }


def translation_links(article, translations, *, request):
    """schema.org's links between a story and its live translations:
    ``translationOfWork`` (the story it was translated from) and
    ``workTranslation`` (the stories translated from it)."""
    others = [story for story in translations if story.pk != article.pk]
    links = {}
    source = next(
        (story for story in others if story.pk == article.translated_from_id), None
    )
    if source is not None:
        links["translationOfWork"] = _work(source, request)
    made_from_it = [
        _work(story, request)
        for story in others
        if story.translated_from_id == article.pk
    ]
    if made_from_it:
        links["workTranslation"] = made_from_it
    return links


def news_article(article, *, request, canonical_url, translations=()):
    """schema.org ``NewsArticle`` for a story page, as a dict ready for JSON-LD.

    ``translations``: the story's live language versions, linked as
    ``translationOfWork`` / ``workTranslation``.
    """
    logo, logo_width, logo_height = LOGO
    # A preview of a story never published has only its last save to go by.
    published = article.first_published_at or article.publish_at or article.updated_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "headline": article.headline[:110],
        "description": summary(article),
        "datePublished": published.isoformat(),
        "dateModified": max(article.updated_at, published).isoformat(),
        "inLanguage": article.language,
        "articleSection": article.section.name,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.ordered_authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static(logo)),
                "width": logo_width,
                "height": logo_height,
            },
        },
        "isAccessibleForFree": True,
    }
    data.update(translation_links(article, translations, request=request))
    if article.dateline:
        data["dateline"] = article.dateline.upper()
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": f"{correction.get_kind_display()}: {correction.text}",
            "datePublished": correction.published_at.isoformat(),
        }
        for correction in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    rendition = social_image(article)
    if rendition is not None:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(rendition.file.url),
                "width": rendition.width,
                "height": rendition.height,
                "caption": article.caption,
                "creditText": article.credit,
            }
        ]
    return data
