"""The Atom feed of forum outcomes: each forum's recorded outcome, once it is closed.

An outcome is recorded only in a closed forum, where every tally is public; the feed
still says nothing of supports — it carries the outcome as organizers recorded it (its
status, the adopted drafts, the statement, any vote figures).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from undersigned.forums.models import Outcome
from undersigned.forums.selectors import outcome_statement, outcomes_published

FEED_ITEMS = 50


class OutcomesFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

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


outcomes_feed = require_safe(OutcomesFeed())
