"""Open data for readers and other sites: feeds, the badge and the widget, the share
page and the stats pages (#14; docs/embedding.md)."""

from django.urls import path

from undersigned.core.web.i18n import localized
from undersigned.public.views import embeds, feeds, stats

app_name = "opendata"

urlpatterns = [
    # Files, the same for every reader (the badge speaks the reader's language, or ?lang=).
    path("declarations/<slug:slug>/badge.svg", embeds.badge_svg, name="badge_svg"),
    path("declarations/<slug:slug>/badge.json", embeds.badge_json, name="badge_json"),
    path("declarations/<slug:slug>/feed.atom", feeds.signatories_feed, name="signatories_feed"),
    path("declarations/<slug:slug>/stats/daily.csv", stats.daily_csv, name="daily_csv"),
    path("declarations/<slug:slug>/stats/countries.csv", stats.countries_csv, name="countries_csv"),
    path("feeds/declarations.atom", feeds.declarations_feed, name="declarations_feed"),
    # Pages, in the reader's language.
    localized(
        path("feeds/declarations.atom", feeds.language_feed, name="language_feed"),
        path("declarations/<slug:slug>/widget/", embeds.widget, name="widget"),
        path("declarations/<slug:slug>/share/", embeds.share, name="share"),
        path("declarations/<slug:slug>/stats/", stats.declaration_stats, name="stats"),
        path("stats/", stats.site_stats, name="site_stats"),
    ),
]
