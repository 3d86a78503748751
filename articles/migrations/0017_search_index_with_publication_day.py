from django.db import migrations


def index_by_words_and_day(apps, schema_editor):
    # One GIN index on the search vector and the day of publication (UTC),
    # so a search for the last days' matches reads those days' matches alone:
    # with the words alone it read every match in the archive and dropped the
    # older ones. btree_gin gives GIN the dates (a trusted extension: the
    # database's owner may create it). It serves searches by words alone (the
    # admin's) as the index it replaces did. Built concurrently: stories can
    # still be saved during the minutes it takes at a million. PostgreSQL only.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS article_search_day_idx"
        " ON articles_article"
        " USING gin (search_vector, ((publish_at AT TIME ZONE 'UTC')::date))"
    )
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS article_search_idx")


def index_by_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS article_search_idx "
        "ON articles_article USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS article_search_day_idx")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction
    dependencies = [("articles", "0016_search_vectors_with_translated_tag_names")]

    operations = [migrations.RunPython(index_by_words_and_day, index_by_words)]
