# "по состоянию на 06.01.2025", as Russian writes a short date.
STATUS_DATE_FORMAT = "d.m.Y"
