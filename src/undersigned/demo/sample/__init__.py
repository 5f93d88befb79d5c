"""Sample content for the demo: fictional coalitions, organizations and people.

Written for this project (no real organization or person is named), in several
scripts, so that a fresh demo shows what the platform is for.
"""
