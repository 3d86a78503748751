import django.db.models.deletion
from django.db import migrations, models

LISTED = ("language", "status", "publish_at")


def copy_stories_onto_rows(apps, schema_editor):
    # One UPDATE a table, whatever the number of rows (three million tag rows
    # at a million stories); written out, as 0013 did: a migration never
    # imports the project's code.
    quote = schema_editor.quote_name
    for table in ("articles_article_tags", "articles_articleauthor"):
        if schema_editor.connection.vendor == "postgresql":
            columns = ", ".join(f"{quote(c)} = story.{quote(c)}" for c in LISTED)
            schema_editor.execute(
                f"UPDATE {quote(table)} AS link SET {columns} "  # noqa: S608
                "FROM articles_article AS story WHERE story.id = link.article_id"
            )
        else:
            columns = ", ".join(
                f"{quote(c)} = (SELECT story.{quote(c)} FROM articles_article "
                f"AS story WHERE story.id = {quote(table)}.article_id)"
                for c in LISTED
            )
            schema_editor.execute(f"UPDATE {quote(table)} SET {columns}")  # noqa: S608


def drop_superseded_tag_index(apps, schema_editor):
    # 0009's (tag, story id) index: tagged_listing_idx below serves what it
    # did, and one index fewer to keep up while every row is rewritten.
    schema_editor.execute(
        f"DROP INDEX IF EXISTS {schema_editor.quote_name(SUPERSEDED)}"
    )


def restore_superseded_tag_index(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX {quote(SUPERSEDED)} ON articles_article_tags "
        f"({quote('tag_id')}, {quote('article_id')})"
    )


SUPERSEDED = "articles_article_tags_tag_article_idx"


def listed_fields():
    return [
        ("language", models.CharField(blank=True, editable=False, max_length=10)),
        ("status", models.CharField(blank=True, editable=False, max_length=12)),
        ("publish_at", models.DateTimeField(blank=True, editable=False, null=True)),
    ]


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_translated_names_and_site_settings")]

    operations = [
        # The table Django made for Article.tags becomes ArticleTag's, as it
        # is: nothing is written to the database here.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleTag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tag_links",
                                to="articles.article",
                            ),
                        ),
                        (
                            "tag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="articles.tag",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "articles_article_tags",
                        "unique_together": {("article", "tag")},
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="articles",
                        through="articles.ArticleTag",
                        to="articles.tag",
                        verbose_name="tags",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            drop_superseded_tag_index, restore_superseded_tag_index
        ),
        migrations.AlterField(
            model_name="articletag",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.tag",
            ),
        ),
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("articletag", "articleauthor")
            for name, field in listed_fields()
        ),
        migrations.RunPython(copy_stories_onto_rows, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(
                fields=["tag", "language", "status", "-publish_at", "-article"],
                name="tagged_listing_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="articleauthor",
            index=models.Index(
                fields=["author", "language", "status", "-publish_at", "-article"],
                name="byline_listing_idx",
            ),
        ),
    ]
