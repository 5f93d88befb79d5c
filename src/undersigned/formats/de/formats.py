# "Stand: 06.01.2025", as German writes a short date.
STATUS_DATE_FORMAT = "d.m.Y"
