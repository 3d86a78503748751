"""Kazakh dates: Django has no Kazakh formats of its own, and its default
("N j, Y") reads "Жел. 1, 2026". Day, month, year as the region writes them."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
