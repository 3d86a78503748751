from django.conf import settings
from django.db import migrations, models


def vectors_in_each_stories_language(apps, schema_editor):
    # Each story's vector in its own language's configuration (PostgreSQL
    # only); written out here, as 0004 did: a migration never imports the
    # project's code, which moves on.
    if schema_editor.connection.vendor != "postgresql":
        return
    configs = settings.NEWSROOM_SEARCH_CONFIGS
    if set(configs.values()) == {configs.get(settings.LANGUAGE_CODE)}:
        return  # every story is already indexed in the one configuration
    cases = " ".join("WHEN %s THEN %s" for _code in configs)
    params = [value for pair in configs.items() for value in pair]
    config = f"(CASE story.language {cases} ELSE 'simple' END)::regconfig"
    schema_editor.execute(
        f"""
        UPDATE articles_article AS story SET search_vector =
            setweight(to_tsvector({config}, story.headline), 'A')
            || setweight(to_tsvector({config}, concat_ws(' ',
                story.standfirst,
                (SELECT string_agg(tag.name, ' ')
                   FROM articles_tag AS tag
                   JOIN articles_article_tags AS tagged ON tagged.tag_id = tag.id
                  WHERE tagged.article_id = story.id),
                (SELECT string_agg(author.name, ' ')
                   FROM articles_author AS author
                   JOIN articles_articleauthor AS byline
                     ON byline.author_id = author.id
                  WHERE byline.article_id = story.id))), 'B')
            || setweight(to_tsvector({config},
                regexp_replace(story.body, '<[^>]+>', ' ', 'g')), 'C')
        WHERE story.language <> %s
        """,  # noqa: S608 - only placeholders are interpolated
        params * 3 + [settings.LANGUAGE_CODE],
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_translation_events")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["language", "status", "-publish_at"],
                name="article_language_publish_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "language", "status", "-publish_at"],
                name="article_section_lang_pub_idx",
            ),
        ),
        migrations.RunPython(
            vectors_in_each_stories_language, migrations.RunPython.noop
        ),
    ]
