from django.db import migrations

INDEX = "articles_article_tags_tag_article_idx"


def _table(apps):
    return apps.get_model("articles", "Article").tags.through._meta.db_table


def add_index(apps, schema_editor):
    # The newest stories carrying a tag, straight from the index, however many
    # stories carry it ("related stories" reads a few of them per tag). Django
    # makes the tag table itself, so its index is made here. On PostgreSQL it
    # is built without locking out editors who tag stories meanwhile.
    quote = schema_editor.quote_name
    concurrently = (
        "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    )
    schema_editor.execute(
        f"CREATE INDEX {concurrently}{quote(INDEX)} ON {quote(_table(apps))} "
        f"({quote('tag_id')}, {quote('article_id')})"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction.

    dependencies = [("articles", "0008_search_vector_statistics")]

    operations = [migrations.RunPython(add_index, drop_index)]
