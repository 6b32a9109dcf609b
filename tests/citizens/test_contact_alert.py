"""The contact rule's deadline (Alert contact_conversation, citizens.alerts): the job
conversations of a course's first 6 months, due when the record says (citizens.rules.contact),
under the rule rows as migrated (the law before and from 2026-07-01), on the agenda and in the
API for the caseworker's team only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from citizens.alerts import alerts_refresh, citizens_for_alerts, compute_alerts
from citizens.models import Alert
from citizens.rules import contact
from tests.factories.citizens import CitizenFactory, ConversationFactory

pytestmark = pytest.mark.django_db

CODE = Alert.Code.CONTACT_CONVERSATION


def citizen_with(start, conversations=(), *, benefit="a_dagpenge", readiness="", **kwargs):
    citizen = CitizenFactory(
        course__start=start, course__benefit=benefit, course__readiness=readiness, **kwargs
    )
    for day in conversations:
        ConversationFactory(citizen=citizen, date=day, kind="jobrettet")
    return citizen


def contact_alert(citizen, today):
    (citizen,) = citizens_for_alerts([citizen.pk])  # as the batch refresh reads it
    found = [draft for draft in compute_alerts(citizen, today=today) if draft.code == CODE]
    return found[0] if found else None


def record_due(citizen):
    course = citizen.current_course
    return contact.obligation_for(course, citizen.conversations.all()).next_due()


def test_shown_from_the_course_start_due_at_the_end_of_the_first_6_months():
    citizen = citizen_with(date(2026, 7, 1))

    alert = contact_alert(citizen, date(2026, 7, 1))

    assert alert.due == date(2026, 12, 31) == record_due(citizen)
    assert "0 af 2 jobsamtaler" in alert.message
    assert "lov nr. 1750 af 29. december 2025" in alert.message


def test_the_first_conversation_counts_and_the_deadline_stays():
    citizen = citizen_with(date(2026, 7, 1), [date(2026, 7, 1)])

    alert = contact_alert(citizen, date(2026, 7, 2))

    assert alert.due == date(2026, 12, 31) == record_due(citizen)
    assert "1 af 2 jobsamtaler" in alert.message


def test_gone_when_the_required_count_is_reached_inside_the_period():
    citizen = citizen_with(date(2026, 7, 1), [date(2026, 7, 1), date(2026, 12, 31)])

    assert contact_alert(citizen, date(2026, 12, 31)) is None
    assert record_due(citizen) is None


def test_a_conversation_after_the_period_does_not_count_but_ends_the_overdue_alert():
    citizen = citizen_with(date(2026, 7, 1), [date(2026, 7, 1)])
    assert contact_alert(citizen, date(2027, 1, 5)).due == date(2026, 12, 31)  # overdue

    ConversationFactory(citizen=citizen, date=date(2027, 1, 4), kind="jobrettet")

    assert record_due(citizen) == date(2026, 12, 31)
    assert contact_alert(citizen, date(2027, 1, 5)) is None


def test_a_period_ending_on_a_weekend_is_due_the_working_day_before_on_record_and_alert():
    citizen = citizen_with(date(2026, 3, 7))  # the period ends Sunday 2026-09-06

    alert = contact_alert(citizen, date(2026, 3, 7))

    assert alert.due == date(2026, 9, 4) == record_due(citizen)  # Friday


@pytest.mark.parametrize(
    ("start", "required", "reference", "share_note"),
    [
        (date(2026, 6, 30), 3, "lov nr. 727 af 13. juni 2023", False),
        (date(2026, 7, 1), 2, "lov nr. 1750 af 29. december 2025", True),
    ],
)
def test_the_law_in_force_on_the_course_start_decides_count_reference_and_the_75_percent_note(
    start, required, reference, share_note
):
    citizen = citizen_with(start)

    alert = contact_alert(citizen, start)

    assert f"0 af {required} jobsamtaler" in alert.message
    assert reference in alert.message
    assert ("mindst 75 % af gruppen" in alert.message) is share_note
    assert ("jobcentrets plan" in alert.message) is share_note
    assert len(alert.message) <= 300


def test_jobparat_kontanthjaelp_needs_four_and_aktivitetsparate_have_no_such_deadline():
    jobparat = citizen_with(date(2026, 7, 1), benefit="kontanthjaelp", readiness="jobparat")
    aktivitetsparat = citizen_with(
        date(2026, 7, 1), benefit="kontanthjaelp", readiness="aktivitetsparat"
    )

    assert "0 af 4 jobsamtaler" in contact_alert(jobparat, date(2026, 7, 1)).message
    assert contact_alert(aktivitetsparat, date(2026, 7, 1)) is None


def test_the_stored_alert_is_the_records_date(caseworker):
    citizen = citizen_with(date(2026, 7, 1), [date(2026, 8, 3)])

    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 8, 4))

    assert Alert.objects.get(citizen=citizen, code=CODE).due == record_due(citizen)


# --- The agenda and the API ----------------------------------------------------------------------


@pytest.fixture
def overdue_contact(caseworker, jobafsnit):
    """Mine: a course that started 8 months ago without a job conversation (overdue)."""
    today = timezone.localdate()
    start = today - timedelta(days=245)
    citizen = citizen_with(start, team=jobafsnit, caseworker=caseworker)
    alerts_refresh(citizen_ids=[citizen.pk], today=today)
    return Alert.objects.get(citizen=citizen, code=CODE)


def test_on_the_caseworkers_agenda_with_its_rule_and_a_link_to_the_conversations(
    client, caseworker, overdue_contact
):
    client.force_login(caseworker)

    page = client.get(reverse("citizens:agenda")).content.decode()

    record = reverse("citizens:detail", args=[overdue_contact.citizen_id])
    assert f"{record}#conversations" in page
    assert "Jobsamtaler i de første 6 måneder mangler" in page


def test_in_the_deadlines_api_for_the_caseworker_and_not_for_another_team(
    api, caseworker, other_caseworker, overdue_contact
):
    api.force_authenticate(caseworker)
    rows = api.get("/api/v1/deadlines/").json()["results"]
    mine = [row for row in rows if row["code"] == CODE]
    assert [row["id"] for row in mine] == [overdue_contact.pk]
    assert mine[0]["overdue"] is True
    assert mine[0]["legal_reference"].startswith("LAB kap. 7")
    assert mine[0]["record_url"].endswith("#conversations")

    api.force_authenticate(other_caseworker)
    for scope in ("mine", "team"):
        rows = api.get(f"/api/v1/deadlines/?scope={scope}").json()["results"]
        assert [row for row in rows if row["code"] == CODE] == []
