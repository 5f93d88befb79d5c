from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from undersigned.api.v1 import api
from undersigned.organize.views.signin import admin_login

# Django's own 400 handler runs the CSRF check, which reads the body that could not be
# read: ours does not (core/web/hostile.py).
handler400 = "undersigned.core.web.hostile.bad_request"

# Pages people read carry their language: /de/declarations/<slug>/ (docs/i18n.md).
# Outside the prefix: the admin, the exports and snapshot files, the private links
# (/s/…, in the signer's own language), the signing helpers and the benchmark's view.
# signatures and lists mix both kinds and put their pages under the prefix themselves
# (core/web/i18n.py:localized). The declaration pages come first: a crowd reads them, and
# each pattern tried before theirs cost every one of its requests (docs/benchmarks.md).
urlpatterns: list[URLPattern | URLResolver] = i18n_patterns(
    path("", include("undersigned.public.urls.declarations")),
    path("organize/", include("undersigned.organize.urls")),
    path("", include("undersigned.public.urls.organizations")),
    path("", include("undersigned.api.urls")),
    prefix_default_language=True,
)
urlpatterns += [
    # The admin signs in through the workspace's two steps (organize/views/signin.py).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("undersigned.public.urls.signing")),
    path("", include("undersigned.public.urls.opendata")),
    path("", include("undersigned.public.urls.lists")),
    path("", include("undersigned.public.urls.forums")),
    # The open data API, the same for every reader (api/v1.py, docs/api.md).
    path("api/v1/", api.urls),
]

if settings.BENCH_ENDPOINTS:
    # The benchmark's minimal view (demo/bench.py); never mounted by default.
    urlpatterns.append(path("bench/", include("undersigned.demo.bench")))

# A database outage is answered with a 503 page that keeps what was sent; anything else
# with the 500 page (core/web/outage.py).
handler500 = "undersigned.core.web.outage.server_error"
