from functools import wraps

from django.urls import path

from api.views import api


def _head_as_get(view):
    """HEAD is answered as GET (the server sends no body), as Django's own
    class-based views do; django-ninja routes only the methods it was given."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


app_name = "api"
urlpatterns = [
    path(str(pattern.pattern), _head_as_get(pattern.callback), name=pattern.name)
    for pattern in api.urls[0]
]
