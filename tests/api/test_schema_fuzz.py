"""Schemathesis: requests generated from the API's own OpenAPI schema, valid
and invalid, through the WSGI application gunicorn serves. No server error,
and every response matches the schema (status, content type, body).

Bounded (``EXAMPLES`` a path) so that the suite stays fast; run on SQLite and
on PostgreSQL with the rest of the suite.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.models import Correction
from comments.models import Comment
from newsroom.wsgi import application
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)
from tests.wsgi import _connections_kept

EXAMPLES = 30

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def newsroom(db, settings):
    """Stories to find (with every field filled), and hidden ones to not find."""
    settings.NEWSROOM_API_RATE_LIMIT = (10**6, 60)
    section = SectionFactory(name="Politics")
    writer = AuthorFactory(name="Nadin Bahrom", bio="Reports from Dushanbe.")
    label = TagFactory(name="Elections")
    now = timezone.now()
    story = ArticleFactory(
        published=True,
        section=section,
        authors=[writer],
        tags=[label],
        lead_image=ImageFactory(caption="A rally.", credit="Staff"),
        kicker="Exclusive",
        dateline="Dushanbe",
    )
    Correction.objects.create(article=story, text="The date was wrong.")
    CommentFactory(article=story, status=Comment.Status.APPROVED)
    ArticleFactory(
        published=True,
        language="ru",
        translation_group=story.translation_group,
        section=section,
    )
    for hours in range(1, 4):
        ArticleFactory(published=True, publish_at=now - timedelta(hours=hours))
    ArticleFactory(section=section)
    ArticleFactory(scheduled=True, section=section)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, newsroom):
    with _connections_kept():
        case.call_and_validate(
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ]
        )
