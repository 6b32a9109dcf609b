"""No CPR number in a log line or an error report.

- `MaskCprFilter` (a logging filter, on every handler in settings.LOGGING): each record's message,
  its arguments and its formatted traceback have every CPR-like sequence (DDMMYY-SSSS or
  DDMMYYSSSS, core.identifiers.mask_cpr_like) masked as DDMMYY-XXXX.
- `CprSafeExceptionReporterFilter` (DEFAULT_EXCEPTION_REPORTER_FILTER) and
  `CprSafeExceptionReporter` (DEFAULT_EXCEPTION_REPORTER): Django's error reports (the e-mail to
  the admins, the debug page) show a `cpr` parameter as hidden and mask CPR-like sequences in
  the query string, the POST data, the request headers, the exception's message and the
  traceback's local variables.

gunicorn's own access log (gunicorn.conf.py) leaves the query string out altogether.
"""

import logging
import traceback
from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .identifiers import mask_cpr_like

CPR_PARAMETERS = frozenset({"cpr"})


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_cpr_like(value)
    if isinstance(value, bytes):
        return mask_cpr_like(value.decode("utf-8", "replace"))
    if isinstance(value, int | float | bool) or value is None:
        return value
    return mask_cpr_like(str(value))


class MaskCprFilter(logging.Filter):
    """Masks CPR-like sequences in every record that passes the handler it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the parts, masked
            message = f"{record.msg} {record.args}"
        record.msg = mask_cpr_like(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_cpr_like(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_cpr_like(record.stack_info)
        return True


class _Shown:
    """A value in an error report, shown as this (masked) text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


class CprSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def _cleanse_mapping(self, mapping: Any) -> Any:
        cleansed = mapping.copy()
        for key in list(cleansed.keys()):
            if key.lower() in CPR_PARAMETERS:
                cleansed[key] = self.cleansed_substitute
            else:
                cleansed[key] = _mask(cleansed[key])
        return cleansed

    def get_post_parameters(self, request: Any) -> Any:
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        return self._cleanse_mapping(parameters)

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        return {key: _mask(value) for key, value in super().get_safe_request_meta(request).items()}

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> list:
        variables = super().get_traceback_frame_variables(request, tb_frame)
        shown = []
        for name, value in variables:
            if name.lower() in CPR_PARAMETERS:
                shown.append((name, self.cleansed_substitute))
                continue
            try:
                text = repr(value)
            except Exception:
                text = object.__repr__(value)
            shown.append((name, _Shown(mask_cpr_like(text))))
        return shown


class CprSafeExceptionReporter(ExceptionReporter):
    """Django's error report with the exception's message, the query string and the request's
    GET parameters masked as well (the filter above handles POST, headers and variables)."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if "exception_value" in data:
            data["exception_value"] = mask_cpr_like(str(data["exception_value"]))
        if "request_insecure_uri" in data:
            data["request_insecure_uri"] = mask_cpr_like(str(data["request_insecure_uri"]))
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (key, "********************" if key.lower() in CPR_PARAMETERS else _mask(value))
                for key, value in data["request_GET_items"]
            ]
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = _Shown(mask_cpr_like(str(frame["exc_cause"])))
        return data
