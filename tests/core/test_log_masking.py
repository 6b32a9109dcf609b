"""No CPR number in a log line or an error report (core.log_masking, configured in settings)."""

import io
import logging
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import get_default_exception_reporter_filter

from core.log_masking import CprSafeExceptionReporter, MaskCprFilter

CPR = "0208034364"
HYPHENATED = "020803-4364"


def _handler_output(handler_name: str, emit) -> str:
    """What a handler configured in settings.LOGGING writes, for records `emit` logs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in settings.LOGGING["handlers"][handler_name].get("filters", []):
        if name == "mask_cpr":
            handler.addFilter(MaskCprFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger(f"test.masking.{handler_name}")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("handler_name", ["console", "django.server", "mail_admins"])
def test_every_configured_handler_masks_cpr_numbers(handler_name):
    def emit(logger):
        logger.warning("Opslag %s og %s", CPR, HYPHENATED)
        logger.warning(f"GET /borgere/find/?cpr={CPR} HTTP/1.1")
        try:
            int(f"x{CPR}")
        except ValueError:
            logger.exception("Fejl for %s", {"cpr": CPR})

    output = _handler_output(handler_name, emit)

    assert CPR not in output and HYPHENATED not in output
    assert output.count("020803-XXXX") >= 5


def test_the_root_handler_and_djangos_own_loggers_carry_the_filter():
    handlers = settings.LOGGING["handlers"]
    assert all("mask_cpr" in handler.get("filters", []) for handler in handlers.values())
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["django.server"]
    root = logging.getLogger()
    assert any(isinstance(f, MaskCprFilter) for h in root.handlers for f in h.filters)
    server = logging.getLogger("django.server")
    assert any(isinstance(f, MaskCprFilter) for h in server.handlers for f in h.filters)


def test_an_error_report_shows_no_cpr_number():
    request = RequestFactory().post(
        f"/borgere/find/?cpr={CPR}&q={HYPHENATED}",
        {"cpr": CPR, "reason": f"Borger {HYPHENATED} ringede"},
        HTTP_REFERER=f"https://jc.example/borgere/find/?cpr={CPR}",
    )
    number = CPR  # a local variable of the failing frame
    try:
        raise ValueError(f"Ukendt borger {number}")
    except ValueError:
        reporter = CprSafeExceptionReporter(request, *sys.exc_info())
        text = reporter.get_traceback_text()
        html = reporter.get_traceback_html()

    for report in (text, html):
        assert CPR not in report and HYPHENATED not in report
        assert "020803-XXXX" in report


def test_django_uses_the_masking_reporter_and_filter():
    assert settings.DEFAULT_EXCEPTION_REPORTER == "core.log_masking.CprSafeExceptionReporter"
    assert type(get_default_exception_reporter_filter()).__name__ == (
        "CprSafeExceptionReporterFilter"
    )


def test_the_celery_worker_and_beat_handlers_get_the_mask():
    from ballerup_jobcenter.celery import mask_cpr_in_worker_logs

    handler = logging.StreamHandler(io.StringIO())
    logger = logging.getLogger("test.masking.celery")
    logger.addHandler(handler)
    try:
        mask_cpr_in_worker_logs(logger=logger)
        mask_cpr_in_worker_logs(logger=logger)  # once only
        logger.error("Task for %s failed", CPR)
    finally:
        logger.removeHandler(handler)

    assert [type(f) for f in handler.filters] == [MaskCprFilter]
    assert CPR not in handler.stream.getvalue()
    assert "020803-XXXX" in handler.stream.getvalue()
