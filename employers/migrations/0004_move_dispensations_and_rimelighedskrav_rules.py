"""Two data steps for the rimelighedskrav (issue 10):

1. The workplace's old dispensation fields (reason, from, to, a capacity that REPLACED the ratio)
   become Dispensation rows, never lost: granted_by "unknown" (the old fields did not say who
   granted it), reference = the old reason, all three supported kinds, and extra seats = the old
   capacity minus the ratio on its first day (so the total stays the same); the note keeps the
   old numbers.
2. The rule rows: the ratio from bek. nr. 1297 af 9/11/2017 § 92 ran until 2019-12-31; from
   2020-01-01 (the LAB of lov nr. 548 af 7/5/2019 and its bekendtgørelse, today bek. nr. 2636 af
   28/12/2021 § 65) the same numbers cover virksomhedspraktik, løntilskud and nytteindsats.
   Both versions stay as rows.
"""

from datetime import date

from django.db import migrations

KEYS = {
    "rimelighedskrav_employees_per_seat": (5, "1 person for hver 5 ordinært ansatte (0-50 ansatte)."),
    "rimelighedskrav_threshold": (50, "Grænsen for 1 pr. 5 ordinært ansatte: 50 ansatte."),
    "rimelighedskrav_employees_per_seat_above": (
        10,
        "Herudover 1 person for hver 10 ordinært ansatte.",
    ),
    "rimelighedskrav_min_seats": (1, "Dog altid 1 person."),
}
OLD_REFERENCE = "bek. 1297/2017 § 92"
OLD_END = date(2019, 12, 31)
NEW_START = date(2020, 1, 1)
NEW_REFERENCE = (
    "LAB § 77 (lov nr. 548 af 7/5/2019); bek. om en aktiv beskæftigelsesindsats, "
    "nu bek. nr. 2636 af 28/12/2021 § 65"
)
KINDS = ["virksomhedspraktik", "loentilskud", "nyttejob"]


def _ratio(Rule, employees: int, on: date) -> int | None:
    values = {}
    for key in KEYS:
        row = (
            Rule.objects.filter(key=key, qualifier="", valid_from__lte=on)
            .exclude(valid_to__lt=on)
            .order_by("-valid_from")
            .first()
        )
        if row is None:
            return None
        values[key] = int(row.value)
    below = min(employees, values["rimelighedskrav_threshold"]) // values[
        "rimelighedskrav_employees_per_seat"
    ]
    above = (
        max(employees - values["rimelighedskrav_threshold"], 0)
        // values["rimelighedskrav_employees_per_seat_above"]
    )
    return max(below + above, values["rimelighedskrav_min_seats"])


def forward(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    Workplace = apps.get_model("employers", "Workplace")
    Dispensation = apps.get_model("employers", "Dispensation")

    for key, (value, description) in KEYS.items():
        Rule.objects.filter(key=key, legal_reference=OLD_REFERENCE, valid_to__isnull=True).update(
            valid_to=OLD_END
        )
        if not Rule.objects.filter(key=key, qualifier="", valid_from=NEW_START).exists():
            Rule.objects.create(
                key=key,
                qualifier="",
                value=value,
                unit="count",
                valid_from=NEW_START,
                valid_to=None,
                legal_reference=NEW_REFERENCE,
                description=description[:300],
            )

    moved = Workplace.objects.exclude(dispensation_capacity__isnull=True, dispensation_reason="")
    for workplace in moved:
        start = workplace.dispensation_from or date(2019, 1, 1)
        total = workplace.dispensation_capacity or 0
        ratio = _ratio(Rule, workplace.ordinary_employees, start)
        extra = total if ratio is None else max(total - ratio, 0)
        Dispensation.objects.create(
            workplace=workplace,
            granted_by="unknown",
            reference=(workplace.dispensation_reason or "Dispensation (overført)")[:300],
            valid_from=start,
            valid_to=workplace.dispensation_to,
            kinds=list(KINDS),
            extra_seats=extra,
            note=(
                "Overført fra arbejdsstedets gamle dispensationsfelter: i alt "
                f"{total} borgere ad gangen fra {start:%d-%m-%Y}. Hvem der gav dispensationen, "
                "var ikke registreret – udfyld det."
            ),
        )


def backward(apps, schema_editor):
    Rule = apps.get_model("core", "Rule")
    Workplace = apps.get_model("employers", "Workplace")
    Dispensation = apps.get_model("employers", "Dispensation")
    for dispensation in Dispensation.objects.filter(granted_by="unknown"):
        Workplace.objects.filter(pk=dispensation.workplace_id).update(
            dispensation_reason=dispensation.reference,
            dispensation_from=dispensation.valid_from,
            dispensation_to=dispensation.valid_to,
            dispensation_capacity=dispensation.extra_seats,
        )
    Dispensation.objects.filter(granted_by="unknown").delete()
    Rule.objects.filter(key__in=list(KEYS), valid_from=NEW_START, legal_reference=NEW_REFERENCE).delete()
    Rule.objects.filter(key__in=list(KEYS), legal_reference=OLD_REFERENCE, valid_to=OLD_END).update(
        valid_to=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_dispensation"),
        ("core", "0005_frikort_warning_rule"),
    ]

    operations = [migrations.RunPython(forward, backward)]
