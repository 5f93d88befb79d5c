from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("organize/", include("undersigned.roles.urls")),
    path("", include("undersigned.signatures.urls")),
    path("", include("undersigned.declarations.urls")),
    path("", include("undersigned.organizations.urls")),
    path("", include("undersigned.lists.urls")),
    path("", include("undersigned.imports.urls")),
]

if settings.BENCH_ENDPOINTS:
    # The benchmark's minimal view (core/bench.py); never mounted by default.
    urlpatterns.append(path("bench/", include("undersigned.core.bench")))
