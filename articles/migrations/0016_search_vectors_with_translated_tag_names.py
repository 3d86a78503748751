from django.conf import settings
from django.db import migrations


def tag_names_in_each_storys_language(apps, schema_editor):
    # A story outside the default edition is now indexed with its tags' names
    # in its own language (the default edition's where a tag has none). Only
    # the stories with a translated tag change; written out here, as 0013 did,
    # since a migration never imports the project's code.
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in settings.NEWSROOM_LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        if code not in settings.NEWSROOM_TRANSLATED_LANGUAGES:
            continue  # no column for its names: its stories keep the default's
        column = f'tag."name_{code}"'
        schema_editor.execute(
            f"""
            UPDATE articles_article AS story SET search_vector =
                setweight(to_tsvector(%(config)s::regconfig, story.headline), 'A')
                || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ',
                    story.standfirst,
                    (SELECT string_agg(
                            COALESCE(NULLIF({column}, ''), tag.name), ' ')
                       FROM articles_tag AS tag
                       JOIN articles_article_tags AS tagged
                         ON tagged.tag_id = tag.id
                      WHERE tagged.article_id = story.id),
                    (SELECT string_agg(author.name, ' ')
                       FROM articles_author AS author
                       JOIN articles_articleauthor AS byline
                         ON byline.author_id = author.id
                      WHERE byline.article_id = story.id))), 'B')
                || setweight(to_tsvector(%(config)s::regconfig,
                    regexp_replace(story.body, '<[^>]+>', ' ', 'g')), 'C')
            WHERE story.language = %(code)s
              AND story.id IN (
                SELECT tagged.article_id
                  FROM articles_article_tags AS tagged
                  JOIN articles_tag AS tag ON tag.id = tagged.tag_id
                 WHERE {column} <> '' AND {column} <> tag.name)
            """,  # noqa: S608 - the column is named from settings, not input
            {
                "config": settings.NEWSROOM_SEARCH_CONFIGS.get(code, "simple"),
                "code": code,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_listed_tag_and_byline_rows")]

    operations = [
        migrations.RunPython(
            tag_names_in_each_storys_language, migrations.RunPython.noop
        ),
    ]
