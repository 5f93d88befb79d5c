# "станом на 06.01.2025", as Ukrainian writes a short date.
STATUS_DATE_FORMAT = "d.m.Y"
# Every date a page shows, in one form per language ("3 December 2026"): the status
# line, the snapshots and the metadata alike.
DATE_FORMAT = "j E Y"
