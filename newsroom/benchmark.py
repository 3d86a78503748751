"""Pieces that exist only when NEWSROOM_BENCHMARK=1 (bench/load.py sets it)."""

from django.db import connection
from django.http import HttpResponse

TEN_KB = b"x" * 10 * 1024


def ten_kb(request):
    """Reference B: 10 KB through the full middleware stack, nothing else."""
    return HttpResponse(TEN_KB, content_type="text/plain")


class QueryCountMiddleware:
    """Report how many SQL queries a request made, in an ``X-Queries`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
