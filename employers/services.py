"""Writes on the employers' side. Placements take seats under a row lock, so two consultants
accepting the last seat at once cannot both succeed."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.choices import OpeningKind
from core.exceptions import Conflict
from core.models import User

from .models import Opening, Placement, Workplace
from .selectors import RIMELIGHEDSKRAV_KINDS, placements_overlapping, rimelighedskrav_room


class PlacementRefused(Conflict):
    """The placement would break a hard limit (no free seat, the rimelighedskrav)."""


@transaction.atomic
def placement_create(
    *,
    actor: User,
    opening: Opening,
    start: date,
    end: date | None = None,
    override_reason: str = "",
    merbeskaeftigelse_note: str = "",
) -> Placement:
    """Take a seat in `opening` for [start, end].

    Refused (PlacementRefused, with the numbers) when the opening has no free seat in the
    period, or when the workplace's rimelighedskrav is used up — unless a consultant with the
    override permission gives a written reason. Løntilskud needs the merbeskæftigelseskrav
    confirmed with a note. Nyttejob only at public employers.
    """
    if end is not None and end < start:
        raise ValidationError({"end": _("The end date must be on or after the start date.")})
    # Lock the workplace first (serialises the rimelighedskrav across its openings), then the
    # opening (serialises its seats).
    workplace = (
        Workplace.objects.select_for_update()
        .select_related("employer")
        .get(pk=opening.workplace_id)
    )
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status != Opening.Status.OPEN:
        raise PlacementRefused(_("The opening is not open."), code="opening_not_open")
    if opening.kind == OpeningKind.NYTTEJOB and not workplace.employer.public:
        raise PlacementRefused(
            _("Nyttejob is only possible at public workplaces."), code="nyttejob_not_public"
        )
    if opening.kind == OpeningKind.LOENTILSKUD and not merbeskaeftigelse_note.strip():
        raise ValidationError(
            {
                "merbeskaeftigelse_note": _(
                    "Confirm the merbeskæftigelseskrav (a net increase in staff) with a note."
                )
            }
        )
    used = placements_overlapping(
        start=start, end=end, queryset=Placement.objects.filter(opening=opening)
    ).count()
    if used >= opening.seats:
        raise PlacementRefused(
            _("All %(seats)s seats of the opening are taken in the period.")
            % {"seats": opening.seats},
            code="no_free_seat",
        )
    used_override = ""
    if opening.kind in RIMELIGHEDSKRAV_KINDS:
        room = rimelighedskrav_room(workplace=workplace, start=start, end=end)
        if room.free <= 0:
            if not override_reason.strip():
                if room.dispensation:
                    message = _(
                        "%(used)s of %(capacity)s places used under the workplace's dispensation."
                    )
                else:
                    message = _(
                        "%(used)s of %(capacity)s places used at %(employees)s ordinary employees "
                        "(rimelighedskrav)."
                    )
                raise PlacementRefused(
                    message
                    % {
                        "used": room.used,
                        "capacity": room.capacity,
                        "employees": room.ordinary_employees,
                    },
                    code="rimelighedskrav",
                )
            if not actor.has_perm("employers.override_rimelighedskrav"):
                raise PlacementRefused(
                    _("Only an employer consultant can override the rimelighedskrav."),
                    code="override_not_allowed",
                )
            used_override = override_reason.strip()
    placement = Placement.objects.create(
        opening=opening,
        start=start,
        end=end,
        override_reason=used_override,
        merbeskaeftigelse_note=merbeskaeftigelse_note.strip(),
        created_by=actor,
    )
    return placement
