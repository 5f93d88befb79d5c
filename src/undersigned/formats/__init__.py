"""Per-language formats beyond Django's own (``FORMAT_MODULE_PATH``).

``STATUS_DATE_FORMAT``: the date in the status line under a list ("Status of the
signatories 06.01.2025."). English keeps the day-first form the coalitions' published
lists use (the seeds), not Django's American ``m/d/Y``. A language without a module here
(an original in Spanish, say, whose export reads the English wording) keeps that form
too; a new interface language adds its module.
"""
