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
    # An expression, not a model: the stories are the migration's own.
    from articles.models import search_vector_expression

    Article = apps.get_model("articles", "Article")
    Article.objects.using(schema_editor.connection.alias).update(
        search_vector=search_vector_expression()
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_vector")]

    operations = [migrations.RunPython(create_index, drop_index)]
