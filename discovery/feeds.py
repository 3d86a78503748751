"""RSS 2.0 feeds: the whole site, and one per section, author and tag.

Items carry every byline name (``dc:creator``, in byline order), the section and
tags as categories, the last update (``atom:updated``) and the lead image as
Media RSS ``media:content``. Text is stripped of characters XML 1.0 forbids in
the feed writer itself, so no story can make a feed unreadable.

An item's id (``guid``) is a tag URI of the site's domain and the story's
number, never its address: a story whose slug, section or date changes is still
the same item to a feed reader. A story without a standfirst is described by
its body's first paragraph.
"""

import copy
import mimetypes
from datetime import UTC
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Rss201rev2Feed, rfc3339_date
from django.utils.translation import get_language, gettext_lazy
from django.utils.xmlutils import SimplerXMLGenerator

from articles.metadata import summary
from articles.models import Author, Section, Tag
from discovery import selectors
from discovery.xml import xml_safe

DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
# Items' ids are tag URIs (RFC 4151), which have nothing to do with page tags.
TAG_URI_SCHEME = "tag"


class XMLSafeGenerator(SimplerXMLGenerator):
    """Writes text and attribute values without XML 1.0's forbidden characters.

    Django's own generator raises ``UnserializableContentError`` on them.
    """

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):  # noqa: N802 - SAX's name
        if attrs:
            attrs = {key: xml_safe(value) for key, value in attrs.items()}
        super().startElement(name, attrs)


class NewsroomRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Dublin Core creators, Atom updated dates and Media RSS.

    Extra item keywords: ``authors`` (names in byline order) and ``media`` (a
    dict from ``lead_media`` or None). Relative media URLs are made absolute
    against the feed's own (already absolute) link.
    """

    def write(self, outfile, encoding):
        # RssFeed.write with our generator; the rest of the document is Django's.
        handler = XMLSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors") or ():
            handler.addQuickElement("dc:creator", name)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        media = item.get("media")
        if media:
            self.add_media(handler, media)

    def add_media(self, handler, media):
        attrs = {
            "url": iri_to_uri(urljoin(self.feed["link"], media["url"])),
            "type": media["type"],
            "medium": "image",
        }
        for key in ("width", "height"):
            if media.get(key):
                attrs[key] = str(media[key])
        if media.get("file_size") is not None:
            attrs["fileSize"] = str(media["file_size"])
        handler.startElement("media:content", attrs)
        if media.get("description"):
            handler.addQuickElement(
                "media:description", media["description"], {"type": "plain"}
            )
        if media.get("credit"):
            handler.addQuickElement("media:credit", media["credit"])
        handler.endElement("media:content")


def story_guid(article, *, domain):
    """The story's id in feeds, for good: ``tag:<domain>,<date created>:story/<pk>``
    (RFC 4151). Nothing an editor can change is in it."""
    created = article.created_at.astimezone(UTC).date().isoformat()
    return f"{TAG_URI_SCHEME}:{domain},{created}:story/{article.pk}"


def lead_media(article):
    """The lead image as feed media: the widest JPEG rendition, else the original.

    Uses the renditions prefetched by ``selectors.feed_stories`` (no query). The
    size in bytes comes from storage (a ``stat`` on the file system) and is left
    out if storage cannot tell.
    """
    image = article.lead_image
    if image is None:
        return None
    chosen = image.jpeg_rendition()
    if chosen is not None:
        file, mime_type = chosen.file, "image/jpeg"
        width, height = chosen.width, chosen.height
    else:
        file, width, height = image.file, image.width, image.height
        mime_type = mimetypes.guess_type(file.name)[0]
        if mime_type is None or not mime_type.startswith("image/"):
            return None
    try:
        file_size = file.size
    except (OSError, NotImplementedError):
        file_size = None
    return {
        "url": file.url,
        "type": mime_type,
        "width": width,
        "height": height,
        "file_size": file_size,
        "description": article.caption,
        "credit": article.credit,
    }


class StoryFeed(Feed):
    """The newest stories; subclasses narrow them to one section, author or tag."""

    feed_type = NewsroomRssFeed
    item_guid_is_permalink = False

    def get_feed(self, obj, request):
        # Item ids name the site's domain. One feed object serves every request,
        # so the domain goes on a copy made for this one.
        feed = copy.copy(self)
        feed.domain = urlsplit(f"//{request.get_host()}").hostname
        return super(StoryFeed, feed).get_feed(obj, request)

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return settings.NEWSROOM_TAGLINE

    def items(self, obj):
        return selectors.feed_stories(language=get_language())

    def item_title(self, item):
        # Plain text: the generator escapes it once, as RSS readers expect.
        return item.headline

    def item_description(self, item):
        return summary(item) or None

    def item_guid(self, item):
        return story_guid(item, domain=self.domain)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        names = [item.section.name, *(tag.name for tag in item.tags.all())]
        return list(dict.fromkeys(names))

    def item_extra_kwargs(self, item):
        return {
            "authors": [author.name for author in item.ordered_authors],
            "media": lead_media(item),
        }


class ListFeed(StoryFeed):
    """The newest stories of one ``model`` (a section, author or tag), found by
    its slug. ``title_text`` and ``description_text`` name the site as
    ``%(site)s`` and the object by its model's name (``%(section)s``…)."""

    model = None
    title_text = None
    description_text = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def _named(self, text, obj):
        return text % {
            "site": settings.NEWSROOM_SITE_NAME,
            self.model._meta.model_name: obj.name,
        }

    def title(self, obj):
        return self._named(self.title_text, obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return self._named(self.description_text, obj)

    def items(self, obj):
        return selectors.feed_stories(
            language=get_language(), **{self.model._meta.model_name: obj}
        )


class SectionFeed(ListFeed):
    model = Section
    title_text = gettext_lazy("%(site)s: %(section)s")
    description_text = gettext_lazy("The latest stories in %(section)s.")

    def description(self, obj):
        return obj.description or super().description(obj)


class AuthorFeed(ListFeed):
    model = Author
    title_text = gettext_lazy("%(site)s: stories by %(author)s")
    description_text = gettext_lazy("The latest stories by %(author)s.")


class TagFeed(ListFeed):
    model = Tag
    title_text = gettext_lazy("%(site)s: %(tag)s")
    description_text = gettext_lazy("The latest stories tagged %(tag)s.")
