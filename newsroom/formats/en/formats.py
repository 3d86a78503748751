"""The newsroom's English dates: "1 December 2026", day first as in the rest
of the house style (Django's own English says "Dec. 1, 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
# Story cards and lists, where space is short.
SHORT_DATE_FORMAT = "j M Y"
