"""The comment form: what it accepts, what it refuses, and that nothing is lost."""

import lxml.html
import pytest

from comments.models import Comment

pytestmark = pytest.mark.django_db


def _form_values(response):
    tree = lxml.html.fromstring(response.content.decode())
    [form] = tree.xpath("//form[@data-comment-form]")
    return {
        "name": form.xpath(".//input[@name='name']/@value")[0],
        "email": form.xpath(".//input[@name='email']/@value")[0],
        # Browsers drop the line break that follows <textarea>; lxml keeps it.
        "body": (form.xpath(".//textarea[@name='body']")[0].text or "")[1:],
        "errors": [
            " ".join(error.text_content().split())
            for error in form.xpath(".//*[contains(@class, 'invalid-feedback')]")
        ],
    }


def test_article_page_shows_the_form_as_on_the_model_site(client, published_article):
    response = client.get(published_article.get_absolute_url())

    tree = lxml.html.fromstring(response.content.decode())
    [form] = tree.xpath("//form[@data-comment-form]")
    text = " ".join(form.text_content().split())
    assert "Comment Policy" in text
    assert "* Denotes Required Field" in text
    assert "1500 / 1500" in text
    assert form.xpath(".//a[text()='Comment Policy']/@href") == ["/comment-policy/"]
    # The browser's own maxlength counts an emoji as two and cuts pastes short.
    assert form.xpath(".//textarea[@name='body'][not(@maxlength)]")
    for label in ("Name", "Email", "Comment"):
        [element] = form.xpath(f".//label[starts-with(normalize-space(), '{label}')]")
        assert element.xpath(".//*[@class='asteriskField']"), label


def test_a_comment_of_exactly_1500_characters_is_accepted(
    post_comment, published_article
):
    response = post_comment(published_article, body="x" * 1500)

    assert response.status_code == 302
    assert Comment.objects.get().body == "x" * 1500


def test_a_comment_of_1501_characters_is_refused_and_kept_whole(
    post_comment, published_article
):
    text = "word " * 300 + "!"
    assert len(text) == 1501

    response = post_comment(published_article, body=text)

    assert response.status_code == 200
    values = _form_values(response)
    assert values["body"] == text
    assert values["name"] == "Farrukh"
    assert values["email"] == "farrukh@example.org"
    assert values["errors"] == [
        "Your comment is 1501 characters long; the limit is 1500. "
        "Please shorten it: nothing has been cut."
    ]
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Please give your name."),
        ("email", "Please give your email address."),
        ("body", "Please write your comment."),
    ],
)
def test_each_required_field_is_refused_when_missing_with_its_message(
    post_comment, published_article, field, message
):
    response = post_comment(published_article, **{field: "   "})

    values = _form_values(response)
    assert values["errors"] == [message]
    for other in {"name", "email", "body"} - {field}:
        assert values[other], f"{other} was lost"
    assert not Comment.objects.exists()


def test_an_invalid_email_is_refused_and_kept_for_correction(
    post_comment, published_article
):
    response = post_comment(published_article, email="farrukh@")

    values = _form_values(response)
    assert values["errors"] == ["Please check your email address: it looks incomplete."]
    assert values["email"] == "farrukh@"
    assert not Comment.objects.exists()


def _address(length):
    """A valid email address exactly ``length`` characters long."""
    domain = "example.org"
    while length - len(domain) - 1 > 64:  # the part before the @ holds 64
        domain = "d" * 63 + "." + domain
    return "r" * (length - len(domain) - 1) + "@" + domain


def test_an_email_of_254_characters_is_accepted(post_comment, published_article):
    email = _address(254)

    response = post_comment(published_article, email=email)

    assert response.status_code == 302
    assert Comment.objects.get().email == email


@pytest.mark.parametrize(
    "email",
    [
        _address(255),
        _address(320),  # the longest Django's validator lets through
        # 204 characters as typed, 330 once stored in lower case: "İ" is two.
        "r" * 64 + "@" + ("İ" * 63 + ".") * 2 + "example.org",
    ],
)
def test_an_email_longer_than_an_address_can_be_is_refused_and_kept(
    post_comment, published_article, email
):
    response = post_comment(published_article, email=email)

    assert response.status_code == 200
    values = _form_values(response)
    assert values["errors"] == [
        "Please check your email address: an address has at most 254 characters."
    ]
    assert values["email"] == email
    assert values["name"] == "Farrukh"
    assert values["body"] == "The article leaves out what his family said."
    assert not Comment.objects.exists()


def test_an_emoji_counts_as_one_character(post_comment, published_article):
    text = "😀" * 1500  # 1500 characters, 3000 UTF-16 units, 6000 bytes

    response = post_comment(published_article, body=text)

    assert response.status_code == 302
    assert Comment.objects.get().body == text


def test_a_line_break_sent_as_crlf_counts_as_one_character(
    post_comment, published_article
):
    text = "\r\n".join(["a" * 99] * 15) + "!"  # 1485 + 14 line breaks + 1

    response = post_comment(published_article, body=text)

    assert response.status_code == 302
    stored = Comment.objects.get().body
    assert len(stored) == 1500
    assert "\r" not in stored


def test_the_counter_shows_what_is_left_when_the_form_comes_back(
    post_comment, published_article
):
    response = post_comment(published_article, body="é" * 20, email="nope")

    assert "1480 / 1500" in response.content.decode()
