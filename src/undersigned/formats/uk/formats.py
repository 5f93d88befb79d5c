# "станом на 06.01.2025", as Ukrainian writes a short date.
STATUS_DATE_FORMAT = "d.m.Y"
