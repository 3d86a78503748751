"""Readers' side of comments and the poll.

The story page itself is the same for every anonymous reader, so it can be
cached: it sets no cookie and reads none. What is personal (a CSRF token, the
time the form was shown, whether this reader has voted) comes from
``reader_state``, a small uncached endpoint the page's script asks. Without
JavaScript a form arrives without a token; we then show the reader what they
sent, with a token, and ask them to send it once more.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.csrf import (
    REASON_CSRF_TOKEN_MISSING,
    REASON_NO_CSRF_COOKIE,
    get_token,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from articles.models import Article
from comments import services
from comments.forms import CommentForm, VoteForm, seconds_since, started_token
from comments.models import Comment, CommentPolicy, Poll
from newsroom import errors, readers
from newsroom.middleware import DATABASE_UNAVAILABLE, try_again_later

VOTES_COOKIE = "newsroom_votes"
VOTES_SALT = "newsroom.poll.votes"
VOTES_KEPT = 300


def _live_article(article_id):
    return get_object_or_404(
        Article.objects.published().select_related("section"), pk=article_id
    )


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _votes(request):
    """This reader's answers so far, {article id: "yes" | "no"}, from their cookie."""
    raw = request.get_signed_cookie(VOTES_COOKIE, default="", salt=VOTES_SALT)
    votes = {}
    for item in raw.split(","):
        article_id, _sep, answer = item.partition(":")
        if article_id.isdigit() and answer in ("yes", "no"):
            votes[int(article_id)] = answer
    return votes


def _remember_vote(response, votes):
    # Only the poll's own addresses see this cookie; story pages stay cookie-free.
    value = ",".join(
        f"{pk}:{answer}" for pk, answer in list(votes.items())[-VOTES_KEPT:]
    )
    response.set_signed_cookie(
        VOTES_COOKIE,
        value,
        salt=VOTES_SALT,
        max_age=365 * 24 * 60 * 60,
        path="/reader/",
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _poll_for(article):
    """The story's poll counts, zero before the first vote."""
    return Poll.objects.filter(article=article).first() or Poll(article=article)


def _results(poll, answer):
    return {
        "voted": answer,
        "yes": poll.yes,
        "no": poll.no,
        "total": poll.total,
        "yesShare": poll.share_yes,
        "noShare": poll.share_no,
    }


@never_cache
@require_GET
def reader_state(request, article_id):
    """What the story page's script needs for this reader: tokens and their vote.

    While the database is out the tokens still come (they need none), so a
    comment sent meanwhile reaches the server and is shown back, not lost.
    """
    try:
        article = _live_article(article_id)
        answer = _votes(request).get(article.pk)
        poll = _results(_poll_for(article), answer) if answer else None
    except DATABASE_UNAVAILABLE:
        poll = None
    return JsonResponse(
        {"csrfToken": get_token(request), "started": started_token(), "poll": poll}
    )


def _form_page(request, article, form, *, message="", status=200, article_id=None):
    """The reader's comment again, with what to do next, and fresh tokens.

    ``article`` is None when the database could not be asked for it; the
    form then posts to ``article_id`` and the page needs no database.
    """
    form.data = form.data.copy()
    form.data["started"] = started_token()
    context = {
        "article": article,
        "article_id": article.pk if article else article_id,
        "comment_form": form,
        "message": message,
    }
    if article is None:
        context["nav_sections"] = ()
    return render(request, "comments/comment_form_page.html", context, status=status)


@never_cache
@require_POST
def comment_post(request, article_id):
    """A reader's comment: saved and moderated, or shown back to them with why.

    Nothing they typed is lost: if the database is out, the form comes back
    filled in (503), to send again.
    """
    form = CommentForm(request.POST)
    try:
        return _comment_post(request, article_id, form)
    except DATABASE_UNAVAILABLE:
        return _comment_not_saved(request, article_id, form)


def _comment_not_saved(request, article_id, form):
    form.is_valid()
    return try_again_later(
        _form_page(
            request,
            None,
            form,
            article_id=article_id,
            message=_(
                "Your comment could not be saved just now: our system is not "
                "answering. It is kept below; please press “Post comment” "
                "again in a minute."
            ),
            status=503,
        )
    )


def _comment_post(request, article_id, form):
    article = _live_article(article_id)
    if not article.comments_open:
        return _form_page(
            request,
            article,
            form,
            message=_("Comments on this story are closed."),
            status=403,
        )
    if not form.is_valid():
        return _form_page(request, article, form)
    fill_seconds = seconds_since(
        form.cleaned_data["started"], max_age=settings.COMMENTS_FORM_MAX_AGE
    )
    if fill_seconds is None:
        return _form_page(
            request,
            article,
            form,
            message=_("Please check your comment and press “Post comment” again."),
        )
    ip_hash = readers.ip_hash(request)
    limit, window = settings.COMMENTS_RATE_LIMIT
    if readers.over_limit(
        "comment-ip", ip_hash, limit=limit, window=window
    ) or readers.over_limit(
        "comment-email", form.cleaned_data["email"], limit=limit, window=window
    ):
        return _form_page(
            request,
            article,
            form,
            message=_(
                "You have sent several comments in a short time. Please wait a "
                "few minutes and send this one again; it is kept below."
            ),
            status=429,
        )
    try:
        submission = services.comment_submit(
            article=article,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            ip_hash=ip_hash,
            honeypot=form.cleaned_data["website"],
            fill_seconds=fill_seconds,
        )
    except services.CommentsClosed:
        raise Http404 from None
    shown = submission.comment.status == Comment.Status.APPROVED
    # Post/Redirect/Get: reloading the thank-you page sends nothing again.
    outcome = "published" if shown else "received"
    return redirect(f"{article.get_absolute_url()}?comment={outcome}#comments")


@never_cache
@require_http_methods(["GET", "POST"])
def poll(request, article_id):
    """GET: this reader's results. POST: their vote, counted once.

    If the database is out the vote is not counted, and the reader is told
    so and offered the answers again (503).
    """
    try:
        return _poll(request, article_id)
    except DATABASE_UNAVAILABLE:
        return _vote_not_counted(request, article_id)


def _vote_not_counted(request, article_id):
    message = _(
        "Your vote could not be counted just now: our system is not answering. "
        "Please vote again in a minute."
    )
    if _wants_json(request):
        response = JsonResponse({"message": message, "voted": None}, status=503)
    else:
        response = render(
            request,
            "comments/poll_results.html",
            {
                "article": None,
                "article_id": article_id,
                "answer": None,
                "message": message,
                "nav_sections": (),
            },
            status=503,
        )
    return try_again_later(response)


def _poll(request, article_id):
    article = _live_article(article_id)
    votes = _votes(request)
    answer = votes.get(article.pk)
    message, status, counted, poll = "", 200, False, None
    if request.method == "GET" and answer and request.GET.get("voted"):
        message = _("Thank you for voting.")
    if request.method == "POST":
        form = VoteForm(request.POST)
        limit, window = settings.POLL_RATE_LIMIT
        if answer:
            message = _("You have already voted on this story.")
        elif not form.is_valid():
            message, status = _("Please choose Yes or No."), 400
        elif readers.over_limit(
            f"poll-{article.pk}", readers.ip_hash(request), limit=limit, window=window
        ):
            message = _(
                "Many votes came from your network just now. Please try again later."
            )
            status = 429
        else:
            answer = form.cleaned_data["answer"]
            poll = services.poll_vote(article=article, answer=answer)
            votes[article.pk] = answer
            message, counted = _("Thank you for voting."), True
    if _wants_json(request):
        payload = (
            _results(poll or _poll_for(article), answer) if answer else {"voted": None}
        )
        response = JsonResponse({"message": message, **payload}, status=status)
    elif counted:
        # Post/Redirect/Get; the results page thanks the reader once.
        url = reverse("comments:poll", kwargs={"article_id": article.pk})
        response = redirect(f"{url}?voted=1")
        response.status_code = 303
    else:
        response = render(
            request,
            "comments/poll_results.html",
            {
                "article": article,
                "poll": poll or _poll_for(article),
                "answer": answer,
                "message": message,
            },
            status=status,
        )
    if counted:
        _remember_vote(response, votes)
    return response


def policy(request):
    return render(
        request,
        "comments/policy.html",
        {"policy": get_object_or_404(CommentPolicy, pk=1)},
    )


def csrf_failure(request, reason=""):
    """A comment or vote sent without a token came from a page without script.

    Nothing is saved; the reader sees what they sent with a fresh token and is
    asked to send it again. Every other CSRF failure gets the site's page
    (``newsroom.errors.csrf_failure``).
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if (
        match is None
        or match.view_name not in ("comments:post", "comments:poll")
        or reason not in (REASON_NO_CSRF_COOKIE, REASON_CSRF_TOKEN_MISSING)
    ):
        return errors.csrf_failure(request, reason)
    article_id = match.kwargs["article_id"]
    try:
        article = _live_article(article_id)
    except Http404:
        return errors.csrf_failure(request, reason)
    except DATABASE_UNAVAILABLE:
        if match.view_name == "comments:poll":
            return _vote_not_counted(request, article_id)
        return _comment_not_saved(request, article_id, CommentForm(request.POST))
    if match.view_name == "comments:poll":
        # The results page offers the two answers again, with a token.
        return render(
            request,
            "comments/poll_results.html",
            {
                "article": article,
                "answer": None,
                "message": _("Please press your answer once more to record your vote."),
            },
        )
    form = CommentForm(request.POST)
    form.is_valid()
    return _form_page(
        request,
        article,
        form,
        message=_("Please check your comment and press “Post comment” again."),
    )
