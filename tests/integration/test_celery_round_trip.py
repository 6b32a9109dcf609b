import pytest

from core.tasks import ping

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_task_round_trip_through_redis_and_a_worker_process(celery_worker_process):
    result = ping.apply_async(queue=celery_worker_process.queue)

    answer = result.get(timeout=30)

    assert answer == {"pong": True, "database": "postgresql", "select": 1}
    assert result.successful()


def test_a_killed_worker_is_noticed_by_the_fixture_handle(celery_worker_process):
    """The handle's kill() is what the GRID's crash tests rely on; make sure a restart works."""
    celery_worker_process.kill()
    assert celery_worker_process.process.poll() is not None

    celery_worker_process.start()

    assert ping.apply_async(queue=celery_worker_process.queue).get(timeout=30)["pong"] is True
