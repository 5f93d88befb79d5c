"""Every change of a forum, one module per part: its setup and phases (``forums``),
drafts and amendments (``drafts``), supports (``supports``), participation codes
(``codes``), the outcome and publishing a draft as a declaration (``outcomes``).

Each service checks the state and the actor's permission (roles/permissions.py), makes
the change, its audit row and any queued mail in one transaction, and raises a
``ForumError`` with a message a person can act on.
"""
