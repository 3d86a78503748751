"""Page numbers and ids read from an address, one way everywhere.

A query string can hold anything, and Python's own checks let through more than
a page number: ``"²".isdigit()`` is true but ``int("²")`` fails, ``int()``
takes ``" 7"``, ``"+7"``, ``"7_0"`` and Arabic-Indic digits, and a number too
large for the database's 64-bit integers makes PostgreSQL refuse the query
("bigint out of range") and SQLite's driver raise ``OverflowError``. Either
way the reader would get a server error. Here only ASCII digits pass, within
bounds, and anything else is a 404: the answer a reader already gets for a
page past the end of a list, and one the page cache never stores, so odd
values cannot fill it with copies of the same page.
"""

import re

from django.http import Http404

# The largest id a row can have: PostgreSQL's bigint (BigAutoField), which is
# also the largest integer SQLite stores.
MAX_ID = 2**63 - 1

# Far more pages than any list has: a million pages of 12 is 12 million
# stories, and a list ends with a 404 at its real last page anyway. Small
# enough that the OFFSET, (page - 1) x page size, stays far inside the 64-bit
# integers both databases take: at 1,000 stories a page it is still 10^9.
MAX_PAGE = 1_000_000

_DIGITS = re.compile(r"[0-9]+")


def page_number(value, *, maximum=MAX_PAGE) -> int:
    """``value`` as a page number from 1 to ``maximum``; 1 if it is missing.

    Missing is None or "" (``?page=``). Otherwise ``value`` must be ASCII
    digits, or an int (Django's sitemap view passes ``1``). Anything else,
    0, or more than ``maximum`` raises ``Http404``.
    """
    if value is None or value == "":
        return 1
    return _whole_number(value, maximum=maximum, what="page")


def object_id(value, *, maximum=MAX_ID) -> int:
    """``value`` as a row's id or number, from 1 to ``maximum``; else ``Http404``.

    The same rules as ``page_number``, and nothing is assumed when it is missing.
    """
    return _whole_number(value, maximum=maximum, what="id")


def _whole_number(value, *, maximum, what):
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif (
        isinstance(value, str)
        # Leading zeros pass ("?p=01"), but no longer than the largest number:
        # int() is slow on thousands of digits, and refuses them past 4,300.
        and len(value) <= len(str(maximum))
        and _DIGITS.fullmatch(value)
    ):
        number = int(value)
    else:
        raise Http404(f"Not a {what} number.")
    if not 1 <= number <= maximum:
        raise Http404(f"No {what} number {number}.")
    return number
