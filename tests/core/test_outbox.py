"""The outbox (core.queue): with a real broker, the follow-up task of a change is written in the
change's transaction and deleted once the broker took it; a broker that is down leaves it for the
drain (Celery beat) and never turns the saved change into an error."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.models import QueuedTask
from core.queue import outbox_drain, queue_after_commit, queue_many_after_commit
from core.tasks import ping

pytestmark = pytest.mark.django_db

REFUSED = OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")


@pytest.fixture
def broker(settings):
    """As with CELERY_BROKER_URL set: tasks go through the outbox."""
    settings.EAGER_TASKS = False


class _Task:
    name = "core.ping"

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.sent: list = []

    def apply_async(self, args, kwargs, **options):
        if self.fail:
            raise REFUSED
        self.sent.append((args, kwargs))


def test_a_queued_task_is_sent_after_the_commit_and_leaves_no_outbox_row(
    broker, django_capture_on_commit_callbacks
):
    task = _Task()

    with django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(task, 7, what="Alerts of citizen 7", scope="x")
        assert QueuedTask.objects.count() == 1
        assert task.sent == []

    assert task.sent == [((7,), {"scope": "x"})]
    assert not QueuedTask.objects.exists()


def test_a_broker_that_is_down_keeps_the_task_in_the_outbox_and_raises_nothing(
    broker, django_capture_on_commit_callbacks
):
    failures: list = []

    with django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(_Task(fail=True), 7, what="Alerts of 7", on_unreachable=failures.append)

    row = QueuedTask.objects.get()
    assert (row.task, row.args, row.kwargs, row.attempts) == ("core.ping", [7], {}, 1)
    assert "OperationalError" in row.last_error
    assert failures == [REFUSED]


def test_a_change_rolled_back_leaves_no_follow_up_work(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_after_commit(_Task(), 7, what="test")
        raise RuntimeError("the change fails")

    assert not QueuedTask.objects.exists()


def test_when_the_broker_fails_midway_the_unsent_tasks_stay(
    broker, django_capture_on_commit_callbacks
):
    class FailsSecond(_Task):
        def apply_async(self, args, kwargs, **options):
            if args == (2,):
                raise REFUSED
            self.sent.append((args, kwargs))

    task = FailsSecond()
    with django_capture_on_commit_callbacks(execute=True):
        queue_many_after_commit(task, [((1,), {}), ((2,), {}), ((3,), {})], what="three")

    assert task.sent == [((1,), {})]
    assert sorted(QueuedTask.objects.values_list("args", flat=True)) == [[2], [3]]


def test_the_drain_sends_waiting_tasks_once_the_broker_is_back():
    QueuedTask.objects.create(task="core.ping", args=[], attempts=2, last_error="down")

    with mock.patch.object(ping, "apply_async") as send:
        assert outbox_drain() == 1

    send.assert_called_once_with((), {}, retry=False)
    assert not QueuedTask.objects.exists()


def test_the_drain_leaves_a_fresh_row_to_its_own_request():
    QueuedTask.objects.create(task="core.ping")

    with mock.patch.object(ping, "apply_async") as send:
        assert outbox_drain() == 0

    send.assert_not_called()
    QueuedTask.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    with mock.patch.object(ping, "apply_async"):
        assert outbox_drain() == 1


def test_the_drain_stops_at_a_broker_still_down_and_counts_the_attempt():
    for _ in range(3):
        QueuedTask.objects.create(task="core.ping", attempts=1)

    with mock.patch.object(ping, "apply_async", side_effect=REFUSED) as send:
        assert outbox_drain() == 0

    assert send.call_count == 1
    assert sorted(QueuedTask.objects.values_list("attempts", flat=True)) == [1, 1, 2]


def test_the_drain_is_scheduled_every_minute_by_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["core-drain-outbox"]

    assert entry["task"] == "core.drain_outbox"
    assert entry["schedule"] == timedelta(minutes=1)


def test_a_request_never_waits_long_on_the_broker(settings):
    """Short connection timeouts, no publish retries and no result-backend round trip."""
    from ballerup_jobcenter.celery import app

    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 2
    assert app.conf.broker_transport_options["socket_timeout"] <= 2
    assert app.conf.task_publish_retry is False
    assert app.conf.task_ignore_result is True
    assert app.conf.result_backend_transport_options["retry_policy"]["max_retries"] <= 1
