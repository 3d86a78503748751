"""The newsroom's Russian dates: "1 декабря 2026", as Russian news sites print
them. Django's own Russian adds " г." ("1 декабря 2026 г."), the style of
letters and documents rather than of a dateline or a story's time stamp."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
# The month has no short genitive form that reads well ("1 дек 2026"): cards
# print it whole.
SHORT_DATE_FORMAT = "j E Y"
