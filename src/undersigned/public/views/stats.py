"""The stats pages: a declaration's list over time and by country, and every public
declaration with its count and a sparkline (#14).

Everything here comes from what the counter job keeps (counters/selectors.py): the
pages never scan the signatures table, and they lag the count by one run of the job.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import public_cache
from undersigned.counters.selectors import (
    CountryBreakdown,
    country_breakdown,
    daily_counts,
    daily_counts_of,
    declaration_counter,
    with_counts,
)
from undersigned.declarations.selectors import public_declarations, with_reader_translations
from undersigned.lists.exports import neutralize
from undersigned.lists.validators import (
    catalogue_etag,
    catalogue_last_modified,
    declaration_etag,
    declaration_last_modified,
    public_declaration_or_404,
)
from undersigned.public import charts
from undersigned.signatures.signatory import country_name


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _day(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def country_rows(breakdown: CountryBreakdown) -> list[tuple[str, int]]:
    """The breakdown as (label, signatories) rows, in the reader's language."""
    rows = [(country_name(share.code), share.signatories) for share in breakdown.countries]
    if breakdown.other:
        rows.append(
            (
                _("Other countries (fewer than %(threshold)s each)")
                % {"threshold": breakdown.threshold},
                breakdown.other,
            )
        )
    if breakdown.unstated:
        rows.append((_("No country shown"), breakdown.unstated))
    return rows


@require_safe
@public_cache(
    etag_func=declaration_etag, last_modified_func=declaration_last_modified, page_cache=True
)
def declaration_stats(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = public_declaration_or_404(request, slug)
    days = daily_counts(declaration=declaration)
    breakdown = country_breakdown(declaration=declaration)
    rows = country_rows(breakdown)
    counter = declaration_counter(declaration=declaration)
    over_time = charts.over_time(
        [charts.Point(day=d.day, signed=d.signed, cumulative=d.cumulative) for d in days],
        chart_id="chart-time",
        title=_("Signatures over time"),
        description=(
            _("From %(first)s to %(last)s: %(count)s signatures at the end.")
            % {
                "first": _day(days[0].day),
                "last": _day(days[-1].day),
                "count": _number(days[-1].cumulative),
            }
            if days
            else _("No signatures have been counted yet.")
        ),
        cumulative_label=_("Signatures in the list"),
        daily_label=_("New each day"),
        number=_number,
        day_label=_day,
    )
    by_country = charts.by_country(
        rows,
        chart_id="chart-countries",
        title=_("Signatures by country"),
        description=(
            _("%(count)s signatures in %(countries)s rows, largest first.")
            % {"count": _number(breakdown.total), "countries": len(rows)}
            if rows
            else _("No signatures have been counted yet.")
        ),
        number=_number,
    )
    return render(
        request,
        "opendata/stats.html",
        {
            "declaration": declaration,
            "days": days,
            "country_rows": rows,
            "breakdown": breakdown,
            "over_time": over_time,
            "by_country": by_country,
            "counted_at": counter.updated_at if counter else None,
        },
    )


def _csv(rows: list[list[object]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralize(cell) if isinstance(cell, str) else cell for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@public_cache(etag_func=declaration_etag, last_modified_func=declaration_last_modified)
def daily_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The list day by day: date, signed, withdrawn, net, cumulative."""
    declaration = public_declaration_or_404(request, slug)
    rows: list[list[object]] = [["date", "signed", "withdrawn", "net", "cumulative"]]
    rows += [
        [d.day.isoformat(), d.signed, d.withdrawn, d.net, d.cumulative]
        for d in daily_counts(declaration=declaration)
    ]
    return _csv(rows, f"{declaration.slug}-daily.csv")


@require_safe
@public_cache(etag_func=declaration_etag, last_modified_func=declaration_last_modified)
def countries_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Signatories by country, with "other" and "unstated" as the API gives them."""
    declaration = public_declaration_or_404(request, slug)
    breakdown = country_breakdown(declaration=declaration)
    rows: list[list[object]] = [["country_code", "country", "signatories"]]
    rows += [
        [share.code, country_name(share.code), share.signatories] for share in breakdown.countries
    ]
    rows += [["other", "", breakdown.other], ["unstated", "", breakdown.unstated]]
    return _csv(rows, f"{declaration.slug}-countries.csv")


@require_safe
@public_cache(etag_func=catalogue_etag, last_modified_func=catalogue_last_modified)
def site_stats(request: HttpRequest) -> HttpResponse:
    declarations = list(
        with_reader_translations(with_counts(public_declarations()), language=get_language() or "")
    )
    series = daily_counts_of(declaration_ids=[d.pk for d in declarations])
    rows = [
        {
            "declaration": declaration,
            "sparkline": charts.sparkline(
                [day.cumulative for day in series[declaration.pk]],
                title=_("Signatures over time"),
            ),
        }
        for declaration in declarations
    ]
    return render(request, "opendata/site_stats.html", {"rows": rows})
