"""The organizers' pages of forums (#13), under /<lang>/organize/forums/: setup and
phases, drafts and their versions, amendments, participation codes, the outcome and
publishing a draft as a declaration. Each behind ``organize/access.py``'s door."""
