"""The Atom feed of forum outcomes: each forum's recorded outcome, once it is closed.

An outcome is recorded only in a closed forum, where every tally is public; the feed
still says nothing of supports — it carries the outcome as organizers recorded it (its
status, the adopted drafts, the statement, any vote figures).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import digest, public_cache
from undersigned.forums.models import Outcome
from undersigned.forums.selectors import outcome_statement, outcomes_published

FEED_ITEMS = 50


class _StableAtom(Atom1Feed):
    """Atom whose ``<updated>`` is its newest entry's, and a fixed date when it has none
    (Django's is "now": a clock in the body, changing on every request)."""

    def latest_post_date(self) -> datetime:
        if self.items:
            return super().latest_post_date()
        return datetime(2000, 1, 1, tzinfo=UTC)


class OutcomesFeed(Feed):  # type: ignore[type-arg]
    feed_type = _StableAtom

    def title(self) -> str:
        return _("Forum outcomes")

    def subtitle(self) -> str:
        return _("The outcomes forums on this site recorded.")

    def link(self) -> str:
        return reverse("forums:index")

    def feed_url(self) -> str:
        return reverse("forums:outcomes_feed")

    def items(self) -> list[Outcome]:
        return list(outcomes_published()[:FEED_ITEMS])

    def item_title(self, item: Outcome) -> str:
        return _("%(forum)s: %(status)s outcome") % {
            "forum": item.forum.name, "status": item.get_status_display()}  # fmt: skip

    def item_description(self, item: Outcome) -> str:
        adopted = ", ".join(v.title for v in item.adopted.all()) or _("no draft adopted")
        statement = outcome_statement(outcome=item, language=get_language() or "")
        return f"{statement} ({_('Adopted')}: {adopted})"

    def item_link(self, item: Outcome) -> str:
        return reverse("forums:detail", args=[item.forum.slug]) + "#outcome"

    def item_guid(self, item: Outcome) -> str:
        return f"{settings.SITE_URL}{reverse('forums:detail', args=[item.forum.slug])}#outcome"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Outcome) -> datetime:
        return datetime.combine(item.decided_on, time(), tzinfo=UTC)

    def item_updateddate(self, item: Outcome) -> datetime:
        return item.updated_at


_feed = OutcomesFeed()


def _etag(request: HttpRequest) -> str:
    rows = list(outcomes_published().values_list("pk", "updated_at"))
    return digest("forum-outcomes", get_language(), rows)


def _last_modified(request: HttpRequest) -> datetime | None:
    last: datetime | None = outcomes_published().aggregate(last=Max("updated_at"))["last"]
    return last


@require_safe
@public_cache(etag_func=_etag, last_modified_func=_last_modified)
def outcomes_feed(request: HttpRequest) -> HttpResponse:
    response = _feed(request)
    # The syndication framework dates a feed without entries "now": a clock, that would
    # change the validators on every request. The newest outcome's time, or none.
    del response["Last-Modified"]
    last = _last_modified(request)
    if last is not None:
        response["Last-Modified"] = http_date(last.timestamp())
    return response
