"""Fill the database with a demo news site and print a fresh editor login.

The content is made from ``articles.demo_content`` with a fixed random seed, so
every run builds the same site. Running it again adds nothing that is already
there (stories are keyed on their slugs); only the editor's password changes.
"""

import io
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Revision,
    Section,
    SiteSettings,
    Tag,
)
from articles.services import article_publish, article_save, article_submit
from comments.models import Comment, Poll, body_fingerprint
from demo import content, content_ru
from newsroom.slugs import slugify

SEED = 20160527
GENERATED_PER_SECTION = (11, 11, 11, 10, 10, 10)  # plus the model story: 64
SPREAD = timedelta(days=42)
RUSSIAN = "ru"
# Datelines in the Russian edition's captions.
CITIES_RU = {
    "DUSHANBE": "Душанбе",
    "KHUJAND": "Худжанд",
    "BISHKEK": "Бишкек",
    "OSH": "Ош",
    "TASHKENT": "Ташкент",
    "SAMARKAND": "Самарканд",
    "ALMATY": "Алматы",
    "ASTANA": "Астана",
    "KABUL": "Кабул",
    "MAZAR-I-SHARIF": "Мазари-Шариф",
    "ASHGABAT": "Ашхабад",
}
EDITOR_USERNAME = "editor"
MODERATOR_USERNAME = "moderator"
WRITER_USERNAME = "writer"
LOGIN_URL = "http://127.0.0.1:8000/admin/"
# 3:2, the shape of every rendition, so no crop cuts into the label.
IMAGE_SIZE = (1620, 1080)

# Sky, far hills, near hills, sun: one mood per section.
PALETTES = {
    "Terrorism": ((58, 52, 60), (196, 170, 132), (92, 74, 60), (240, 226, 196)),
    "Security": ((34, 56, 78), (150, 176, 190), (52, 72, 70), (236, 236, 220)),
    "Politics": ((70, 36, 48), (222, 150, 120), (84, 52, 66), (250, 214, 160)),
    "Economy": ((28, 70, 66), (200, 210, 160), (48, 96, 70), (250, 236, 170)),
    "Society": ((60, 92, 140), (240, 200, 170), (86, 110, 96), (255, 244, 214)),
    "Culture": ((84, 44, 98), (236, 170, 110), (110, 62, 90), (255, 226, 150)),
}


@dataclass
class StoryPlan:
    """Everything one demo story needs, decided before anything is written."""

    section: str
    headline: str
    standfirst: str
    dateline: str
    body: str
    authors: list[str]
    tags: list[str]
    kicker: str = ""
    language: str = "en"
    state: str = "published"  # "published", "scheduled", "draft" or "review"
    publish_at: datetime | None = None
    image: dict = field(default_factory=dict)
    image_seed: int = 0
    # The dateline drawn on the picture, when the dateline is not in Latin letters.
    image_place: str = ""

    @property
    def slug(self):
        return slugify(self.headline)[:192].strip("-")


def _capitalise(text):
    return text[:1].upper() + text[1:]


def _city(dateline):
    return dateline.title().replace("-I-", "-i-")


def _fill(template, slots):
    return _capitalise(template.format(**slots))


def _generated_story(rng, section, story, place, when, author_names):
    dateline, country = place
    facts = content.COUNTRIES[country]
    low, high = story.get("n", (3, 12))
    n = rng.randint(low, high)
    if n >= 1000:
        n = round(n, -2)
    elif n >= 100:
        n = round(n, -1)
    slots = {
        "adj": facts["adj"],
        "country": country,
        "city": _city(dateline),
        "gov": facts["government"],
        "leader": facts["leader"],
        "parliament": facts["parliament"],
        "currency": facts["currency"],
        "n": f"{n:,}",
        "pct": rng.randint(*story.get("pct", (6, 18))),
        "day": f"{(when - timedelta(days=1)):%A}",
    }

    person = rng.choice(facts["people"])
    role = rng.choice(content.ROLES)
    analyst, analyst_role = rng.choice(content.ANALYSTS)
    quote = rng.choice(content.QUOTES[section]["local"])
    second_quote = rng.choice(content.QUOTES[section]["analyst"])
    first_heading, second_heading = rng.sample(content.SUBHEADINGS[section], 2)
    context = rng.sample(content.CONTEXT[section], 2)

    paragraphs = [
        _fill(story["lede"], slots),
        _fill(story["detail"], slots),
        f"<h2>{first_heading}</h2>",
        _fill(context[0], slots),
        f"\u201c{quote},\u201d said {person}, {role}.",
    ]
    if rng.random() < 0.6:
        paragraphs.append(f"<h2>{second_heading}</h2>")
    paragraphs += [
        _fill(context[1], slots),
        f"\u201c{second_quote},\u201d said {analyst}, {analyst_role}.",
        _fill(rng.choice(content.OUTLOOKS[section]), slots),
    ]
    body = "".join(p if p.startswith("<h2>") else f"<p>{p}</p>" for p in paragraphs)

    section_tags = rng.sample(content.TAGS_BY_SECTION[section], rng.randint(1, 3))
    byline = rng.sample(author_names, 2 if rng.random() < 0.3 else 1)
    city = _city(dateline)
    return StoryPlan(
        section=section,
        headline=_fill(story["headline"], slots),
        standfirst=_fill(story["standfirst"], slots),
        dateline=dateline,
        body=body,
        authors=byline,
        tags=[content.TAGS_BY_COUNTRY[country], *section_tags],
        kicker=rng.choice(content.KICKERS) if rng.random() < 0.25 else "",
        publish_at=when,
        image={
            "alt_text": f"Drawn illustration of hills under a sky for a "
            f"{section.lower()} story from {city}",
            "caption": f"{city}, {when:%B %Y}.",
            "credit": rng.choice(
                ["Newsroom illustration", "Illustration: The Newsroom desk"]
            ),
        },
        image_seed=rng.randrange(2**32),
    )


def plan_stories(now):
    """The demo's stories, newest first, the same for the same ``now`` every run.

    The model story is the newest; one Politics story is scheduled two days
    ahead, one Society story is left as a draft and one Culture story waits
    in review.
    """
    rng = random.Random(SEED)  # noqa: S311 - demo text, not secrets
    author_names = [name for name, _bio in content.AUTHORS]
    model = content.MODEL_STORY
    plans = [
        StoryPlan(
            section=model["section"],
            headline=model["headline"],
            standfirst=model["standfirst"],
            dateline=model["dateline"],
            body=model["body"],
            authors=list(model["authors"]),
            tags=list(model["tags"]),
            kicker=model["kicker"],
            publish_at=now - timedelta(minutes=50),
            image=dict(model["image"]),
            image_seed=rng.randrange(2**32),
        )
    ]
    headlines = {model["headline"]}
    generated = []
    for (section, _description), count in zip(
        content.SECTIONS, GENERATED_PER_SECTION, strict=True
    ):
        stories = content.STORIES[section]
        made = 0
        while made < count:
            for story in rng.sample(stories, len(stories)):
                if made == count:
                    break
                places = [
                    place
                    for place in content.PLACES
                    if story.get("only") is None or place[1] in story["only"]
                ]
                # Try places until the headline is new (most have a place slot).
                for place in rng.sample(places, len(places)):
                    age = timedelta(
                        seconds=rng.randrange(3 * 3600, int(SPREAD.total_seconds()))
                    )
                    plan = _generated_story(
                        rng, section, story, place, now - age, author_names
                    )
                    if plan.headline not in headlines:
                        headlines.add(plan.headline)
                        generated.append(plan)
                        made += 1
                        break

    generated.sort(key=lambda plan: plan.publish_at, reverse=True)
    for plan in generated:
        if plan.section == "Politics" and plan.state == "published":
            plan.state = "scheduled"
            plan.publish_at = now + timedelta(days=2)
            break
    for plan in generated:
        if plan.section == "Society":
            plan.state = "draft"
            plan.publish_at = None
            break
    for plan in generated:
        if plan.section == "Culture":
            plan.state = "review"
            plan.publish_at = None
            break
    return plans + generated


def draw_image(plan):
    """A 1620x1080 JPEG: gradient sky, sun, two ranges of hills and a label."""
    rng = random.Random(plan.image_seed)  # noqa: S311
    sky, far, near, sun = PALETTES[plan.section]

    def jitter(colour):
        return tuple(max(0, min(255, c + rng.randint(-18, 18))) for c in colour)

    width, height = IMAGE_SIZE
    mask = PillowImage.linear_gradient("L").resize(IMAGE_SIZE)
    picture = PillowImage.composite(
        PillowImage.new("RGB", IMAGE_SIZE, jitter(far)),
        PillowImage.new("RGB", IMAGE_SIZE, jitter(sky)),
        mask,
    )
    draw = ImageDraw.Draw(picture)
    sun_x, sun_y, radius = (
        rng.randint(200, width - 200),
        rng.randint(height // 7, height * 2 // 5),
        rng.randint(50, 110),
    )
    draw.ellipse(
        (sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius),
        fill=jitter(sun),
    )
    for base, colour, roughness in (
        (rng.randint(height * 8 // 15, height * 28 // 45), far, 160),
        (rng.randint(height * 32 // 45, height * 4 // 5), near, 110),
    ):
        points, x = [(0, height)], 0
        while x <= width:
            points.append((x, base + rng.randint(-roughness, roughness // 2)))
            x += rng.randint(90, 220)
        points += [(width, base), (width, height)]
        shade = tuple(int(c * 0.55) for c in jitter(colour))
        draw.polygon(points, fill=shade)

    label = f"{plan.section.upper()} \u00b7 {_city(plan.image_place or plan.dateline)}"
    font = ImageFont.load_default(size=54)
    small = ImageFont.load_default(size=28)
    draw.rectangle((48, height - 150, 48 + 14, height - 58), fill=jitter(sun))
    draw.text((84, height - 156), label, font=font, fill=(250, 248, 240))
    draw.text((86, height - 88), "Newsroom demo", font=small, fill=(220, 216, 204))

    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=False)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Create a demo site: six sections, a dozen authors, 60+ illustrated "
        "stories, and an 'editor' login with a new password printed each run."
    )

    def handle(self, *args, **options):
        # The corpus is English: names are looked up and stored as English.
        with translation.override("en"):
            self._handle()

    def _handle(self):
        try:
            from images.services import image_create
        except ImportError as error:
            raise CommandError(
                "images.services.image_create is not available yet."
            ) from error

        started = time.monotonic()
        now = timezone.now()
        plans = plan_stories(now)
        with transaction.atomic():
            sections = self._sections()
            authors = self._authors()
            existing = set(
                Article.objects.filter(
                    slug__in=[plan.slug for plan in plans]
                ).values_list("slug", flat=True)
            )
            missing = [plan for plan in plans if plan.slug not in existing]
            tags = self._tags(missing)
            writer, writer_password = self._staff(WRITER_USERNAME, "Writers")
            # Drawing and encoding release the GIL: overlap them with the
            # database work, which stays on this thread and in this transaction.
            with ThreadPoolExecutor(max_workers=2) as pool:
                pictures = pool.map(draw_image, missing)
                for plan, picture in zip(missing, pictures, strict=True):
                    self._create_story(
                        plan,
                        picture,
                        sections,
                        authors,
                        tags,
                        image_create,
                        writer=writer,
                    )
            self._comments(plans[1:])
            translated = 0
            if RUSSIAN in dict(settings.LANGUAGES):
                translated = self._russian_edition(
                    plans, sections, authors, now, image_create=image_create
                )
            password = self._editor()
            _moderator, moderator_password = self._staff(
                MODERATOR_USERNAME, "Moderators"
            )

        elapsed = time.monotonic() - started
        model = Article.objects.select_related("section").get(slug=plans[0].slug)
        self.stdout.write(
            f"Demo content: {len(missing)} stories created, "
            f"{len(plans) - len(missing)} already there ({elapsed:.1f} s)."
        )
        self.stdout.write(
            f"Model story: http://127.0.0.1:8000{model.get_absolute_url()}"
        )
        if translated:
            self.stdout.write(f"Russian edition: {translated} stories created.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Log in at {LOGIN_URL} as {EDITOR_USERNAME} / {password}"
            )
        )
        self.stdout.write(
            f"Writers can log in as {WRITER_USERNAME} / {writer_password}"
        )
        self.stdout.write(
            f"Moderators can log in as {MODERATOR_USERNAME} / {moderator_password}"
        )

    def _sections(self):
        sections = {}
        for position, (name, description) in enumerate(content.SECTIONS, start=1):
            name_ru, description_ru = content_ru.SECTIONS[name]
            sections[name], _ = Section.objects.update_or_create(
                name=name,
                defaults={
                    "description": description,
                    "position": position,
                    "name_ru": name_ru,
                    "description_ru": description_ru,
                },
            )
        return sections

    def _authors(self):
        authors = {}
        for name, bio in content.AUTHORS:
            authors[name], _ = Author.objects.update_or_create(
                slug=slugify(name),
                defaults={"name": name, "bio": bio, "bio_ru": content_ru.BIOS[name]},
            )
        return authors

    def _tags(self, plans):
        names = sorted({name for plan in plans for name in plan.tags})
        tags = {}
        for name in names:
            tags[name], _ = Tag.objects.get_or_create(name=name)
            if name in content_ru.TAGS and not tags[name].name_ru:
                tags[name].name_ru = content_ru.TAGS[name]
                tags[name].save()
        return tags

    def _create_story(
        self, plan, picture, sections, authors, tags, image_create, *, writer
    ):
        image = image_create(
            file=ContentFile(picture, name=f"{plan.slug[:60]}.jpg"),
            alt_text=plan.image["alt_text"],
            caption=plan.image["caption"],
            credit=plan.image["credit"],
        )
        article = Article(
            headline=plan.headline,
            slug=plan.slug,
            language=plan.language,
            section=sections[plan.section],
            kicker=plan.kicker,
            standfirst=plan.standfirst,
            dateline=plan.dateline,
            body=plan.body,
            lead_image=image,
        )
        # The draft and the story in review are the demo writer's.
        by = writer if plan.state in ("draft", "review") else None
        article_save(article=article, by=by, created=True)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=authors[name], position=position)
            for position, name in enumerate(plan.authors)
        )
        article.tags.set([tags[name] for name in plan.tags])
        if plan.state == "review":
            article_submit(
                article=article, by=by, note="Second source confirmed by phone."
            )
        elif plan.state != "draft":
            article_publish(article=article, publish_at=plan.publish_at)

    def _russian_edition(self, plans, sections, authors, now, *, image_create):
        """The Russian edition: names in Russian, translations of the English
        stories in ``content_ru.TRANSLATIONS`` (one left out of date), and
        stories of its own. Keyed on translation group and slug: re-runs add
        nothing. Returns how many stories it created."""
        self._site_settings()
        tags = self._tags([*plans, *map(self._russian_plan, content_ru.RUSSIAN_ONLY)])
        by_headline = {plan.headline: plan for plan in plans}
        created = 0
        for headline, russian in content_ru.TRANSLATIONS.items():
            source = Article.objects.get(slug=by_headline[headline].slug)
            if source.translations.filter(language=RUSSIAN).exists():
                continue
            self._translate(source, russian, now)
            created += 1
            if headline == content_ru.OUT_OF_DATE:
                # The source changes after its translation: the desk shows the
                # translation out of date, with what changed.
                source.standfirst = content_ru.OUT_OF_DATE_STANDFIRST
                article_save(article=source, by=None)
                article_publish(article=source)
        existing = set(
            Article.objects.filter(language=RUSSIAN).values_list("slug", flat=True)
        )
        for story in content_ru.RUSSIAN_ONLY:
            plan = self._russian_plan(story)
            plan.publish_at = now - timedelta(hours=story["hours_ago"])
            if plan.slug in existing:
                continue
            self._create_story(
                plan,
                draw_image(plan),
                sections,
                authors,
                tags,
                image_create,
                writer=None,
            )
            created += 1
        return created

    def _russian_plan(self, story):
        return StoryPlan(
            section=story["section"],
            headline=story["headline"],
            standfirst=story["standfirst"],
            dateline=story["dateline"],
            body=story["body"],
            authors=list(story["authors"]),
            tags=list(story["tags"]),
            language=RUSSIAN,
            image={
                "alt_text": f"Drawn illustration of hills under a sky for a "
                f"{story['section'].lower()} story from {story['place'].title()}",
                "caption": f"{CITIES_RU[story['place']]}.",
                "credit": "Иллюстрация: The Newsroom",
            },
            # The picture's label is drawn in Latin letters.
            image_seed=len(story["headline"]),
            image_place=story["place"],
        )

    def _translate(self, source, russian, now):
        """Publish ``source``'s Russian translation, linked to it and to the
        revision of it that was translated."""
        revision = (
            Revision.objects.filter(article=source)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        place = CITIES_RU.get(source.dateline, source.dateline.title())
        with translation.override(RUSSIAN):
            month = date_format(source.publish_at, "F Y").lower()
        article = Article(
            headline=russian["headline"],
            slug=slugify(russian["headline"])[:192].strip("-"),
            language=RUSSIAN,
            translation_group=source.translation_group,
            translated_from=source,
            translated_from_revision=revision,
            source_revision=revision or 0,
            section=source.section,
            standfirst=russian["standfirst"],
            dateline=russian["dateline"],
            body=russian["body"],
            lead_image=source.lead_image,
            lead_image_caption=russian.get("caption", f"{place}, {month}."),
            lead_image_credit="Иллюстрация: The Newsroom",
        )
        article_save(article=article, by=None, created=True)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=byline.author, position=n)
            for n, byline in enumerate(source.bylines.order_by("position"))
        )
        article.tags.set(source.tags.all())
        # Translated within the hour, and never dated in the future.
        publish_at = min(
            source.publish_at + timedelta(minutes=35), now - timedelta(minutes=5)
        )
        article_publish(article=article, publish_at=max(publish_at, source.publish_at))

    def _site_settings(self):
        """The site's name and tagline in both editions, as set in the admin."""
        if not SiteSettings.objects.exists():
            SiteSettings.objects.create(
                site_name_en=settings.NEWSROOM_SITE_NAME,
                tagline_en=settings.NEWSROOM_TAGLINE,
                tagline_ru=content_ru.SITE_TAGLINE,
            )

    def _comments(self, plans):
        """A few readers' comments and votes on the newest stories; some wait
        in the moderation queue. Keyed on their text, so re-runs add none."""
        stories = list(
            Article.objects.published()
            .filter(slug__in=[plan.slug for plan in plans])
            .order_by("-publish_at")[:8]
        )
        rng = random.Random(SEED)  # noqa: S311 - demo content
        for number, story in enumerate(stories):
            picked = rng.sample(content.COMMENTS, k=3 + number % 3)
            for position, (name, email, text) in enumerate(picked):
                waiting = number < 2 and position == 0
                Comment.objects.get_or_create(
                    article=story,
                    email=email,
                    body_hash=body_fingerprint(text),
                    defaults={
                        "name": name,
                        "body": text,
                        "status": Comment.Status.PENDING
                        if waiting
                        else Comment.Status.APPROVED,
                        "created_at": min(
                            timezone.now(),
                            story.publish_at + timedelta(minutes=17 * (position + 1)),
                        ),
                    },
                )
            Poll.objects.get_or_create(
                article=story,
                defaults={"yes": rng.randint(20, 200), "no": rng.randint(5, 80)},
            )
        if stories:
            name, email, text = content.SPAM_COMMENT
            Comment.objects.get_or_create(
                article=stories[0],
                email=email,
                body_hash=body_fingerprint(text),
                defaults={
                    "name": name,
                    "body": text,
                    "status": Comment.Status.SPAM,
                    "rule": "links",
                    "rule_reason": "Contains 3 links.",
                },
            )

    def _editor(self):
        """Make sure the ``editor`` account exists and give it a new password."""
        user, _ = get_user_model().objects.get_or_create(
            username=EDITOR_USERNAME, defaults={"email": "editor@example.com"}
        )
        # The demo's editor may look at everything, the comment queue included.
        user.is_staff = user.is_superuser = user.is_active = True
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        return password

    def _staff(self, username, role):
        """A staff account in the ``role`` group, and its new password."""
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = user.is_active = True
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user, password
