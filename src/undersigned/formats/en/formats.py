# The day-first form of the coalitions' published lists ("06.01.2025").
STATUS_DATE_FORMAT = "d.m.Y"
