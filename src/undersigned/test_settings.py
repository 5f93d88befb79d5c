"""Settings for the test suite: the real settings with UNDERSIGNED_ENV=test.

Everything else (DATABASE_URL for the PostgreSQL run, for instance) still comes from
the environment, exactly as in production.
"""

import os
import tempfile

os.environ["UNDERSIGNED_ENV"] = "test"
os.environ.setdefault("UNDERSIGNED_VAR_DIR", tempfile.mkdtemp(prefix="undersigned-test-"))

from undersigned.settings import *  # noqa: F403

# Hashing passwords slowly protects nothing in tests and costs seconds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Threads of the live server and of concurrency tests must not keep connections open
# past their test, or PostgreSQL refuses to drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
