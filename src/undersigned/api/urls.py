"""The API's addresses: ``/api/v1/…`` (no language: the same for every reader) and the
human-readable reference, a page of the site in the reader's language."""

from django.urls import path

from undersigned.api import reference
from undersigned.api.v1 import api

app_name = "api"

# In the root URLconf's i18n_patterns: /<lang>/api/.
urlpatterns = [path("api/", reference.reference, name="reference")]

# Outside it (undersigned/urls.py).
versioned = [path("api/v1/", api.urls)]
