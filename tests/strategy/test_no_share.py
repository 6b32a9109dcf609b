"""Pages seen in a browser: the samarbejdsgrad without the yearly workplaces figure says why it
has no share instead of a bare dash, on the overview and on its focus area page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from strategy.models import Indicator, Measurement
from strategy.periods import period_parse

pytestmark = pytest.mark.django_db


def test_the_overview_says_why_the_samarbejdsgrad_has_no_share(login, manager):
    page = login(manager).get(reverse("strategy:overview")).content.decode()

    assert "Ingen andel: samarbejdsgraden deler arbejdsstederne" in page
    assert "Arbejdssteder i Ballerup" in page


def test_the_focus_area_names_the_cooperating_workplaces_and_the_missing_figure(login, manager):
    share = Indicator.objects.get(key="samarbejdsgrad")
    period = period_parse("2026-Q3")
    Measurement.objects.create(
        indicator=share,
        period_kind=period.kind,
        period_start=period.start,
        value=None,
        numerator=Decimal("208"),
        denominator=None,
        source=share.source,
    )

    url = reverse("strategy:focus_area", args=[share.focus_area_id])
    page = login(manager).get(url).content.decode()

    assert "Ingen andel for 2026-Q3: 208 arbejdssteder havde en praktik" in page
    assert "208 / –" in page  # the table's "counted" column, not a bare dash


def test_a_samarbejdsgrad_with_a_value_has_no_no_share_notice(login, manager):
    share = Indicator.objects.get(key="samarbejdsgrad")
    period = period_parse("2026-Q3")
    Measurement.objects.create(
        indicator=share,
        period_kind=period.kind,
        period_start=period.start,
        value=Decimal("21.5"),
        numerator=Decimal("86"),
        denominator=Decimal("400"),
        source=share.source,
    )

    page = login(manager).get(reverse("strategy:overview")).content.decode()

    assert "Ingen andel" not in page
