"""Import of published signatory lists and declarations.

``parser``, ``countries``, ``rows`` and ``document`` are pure Python (no Django), so
they run standalone (bench scripts, notebooks); ``services``, ``views`` and the commands
bring the results into the database.
"""
