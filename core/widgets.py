"""Form widgets shared by the apps."""

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them, in their order."""
    return mark_safe(  # noqa: S308  # nosec B308, B703 (every part format_html)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class LongSelect(forms.Select):
    """A <select> of many options (every caseworker, say), rendered in Python: Django renders
    each option through the template engine, which took 40 ms of a caseload page for 423
    caseworkers at 10x Ballerup and would take half a second nationally. The same markup as
    Django's own select (tests/core/test_widgets.py holds them side by side)."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        str(option["value"]),
                        _attributes(option["attrs"]),
                        str(option["label"]),
                    )
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703 (every part format_html)
