from django.db import migrations


def finer_statistics(apps, schema_editor):
    # PostgreSQL guesses how many stories match several words from the words'
    # statistics; with the default sample it guessed 96 where 15,625 matched
    # (at a million stories) and chose a plan a hundred times slower. A larger
    # sample keeps the guesses near the truth. Takes effect at the next ANALYZE
    # (autovacuum runs one; the search benchmark runs one after filling).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS 1000"
    )


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_unpublish_time_index")]

    operations = [migrations.RunPython(finer_statistics, default_statistics)]
