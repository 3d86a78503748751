from django.conf import settings
from django.db import migrations


def create_index(apps, schema_editor):
    # A GIN index, and the vectors of the stories already there: PostgreSQL
    # only. SQLite searches without a stored vector (see articles.search).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS article_search_idx "
        "ON articles_article USING gin (search_vector)"
    )
    # The stories' vectors as this migration knew them, written out here:
    # a migration never imports the project's code, which moves on.
    schema_editor.execute(
        """
        UPDATE articles_article AS story SET search_vector =
            setweight(to_tsvector(%(config)s::regconfig, story.headline), 'A')
            || setweight(to_tsvector(%(config)s::regconfig, concat_ws(' ',
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
            || setweight(to_tsvector(%(config)s::regconfig,
                regexp_replace(story.body, '<[^>]+>', ' ', 'g')), 'C')
        """,
        # Before editions every story was in the site's one language.
        {"config": settings.NEWSROOM_SEARCH_CONFIGS[settings.LANGUAGE_CODE]},
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_vector")]

    operations = [migrations.RunPython(create_index, drop_index)]
