"""Per-language formats beyond Django's own (``FORMAT_MODULE_PATH``).

``STATUS_DATE_FORMAT``: the date in the status line under a list ("Status of the
signatories 06.01.2025."). English keeps the day-first form the coalitions' published
lists use (the seeds), not Django's American ``m/d/Y``; a language without a module here
uses its ``SHORT_DATE_FORMAT``.
"""
