"""Danish identifiers: CPR (persons), CVR (companies), P-nummer (workplaces), postcodes.

CPR: DDMMYY-SSSS. The 7th digit with YY gives the century. Numbers issued after 2007 need not pass
modulus 11, so only the date part and the format are checked (python-stdnum's dk.cpr), plus a sanity
range for the birth year.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from localflavor.dk.dk_postalcodes import DK_POSTALCODES
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

OLDEST_BIRTH_YEAR = 1900
POSTCODES: dict[str, str] = dict(DK_POSTALCODES)


def normalize_cpr(value: str) -> str:
    return stdnum_cpr.compact(value or "")


def validate_cpr(value: str, *, today: date | None = None) -> str:
    """Return the compact CPR number or raise ValidationError with a Danish reason."""
    number = normalize_cpr(value)
    if not number.isdigit() or len(number) != 10:
        raise ValidationError(
            _("A CPR number has 10 digits, written DDMMYY-SSSS."), code="cpr_format"
        )
    try:
        birth = stdnum_cpr.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("The first six digits of the CPR number are not a real date (DDMMYY)."),
            code="cpr_date",
        ) from None
    today = today or date.today()
    if birth > today:
        raise ValidationError(
            _("The CPR number gives a birth date in the future (%(date)s).")
            % {"date": birth.strftime("%d-%m-%Y")},
            code="cpr_future",
        )
    if birth.year < OLDEST_BIRTH_YEAR:
        raise ValidationError(
            _("The CPR number gives a birth year before %(year)s.") % {"year": OLDEST_BIRTH_YEAR},
            code="cpr_too_old",
        )
    return number


def cpr_birth_date(value: str) -> date:
    return stdnum_cpr.get_birth_date(normalize_cpr(value))


def cpr_gender(value: str) -> str:
    """'M' or 'F' from the last digit (odd: male, even: female)."""
    return "M" if int(normalize_cpr(value)[-1]) % 2 else "F"


def format_cpr(value: str) -> str:
    number = normalize_cpr(value)
    return f"{number[:6]}-{number[6:]}"


def mask_cpr(value: str) -> str:
    """The form shown in every list: DDMMYY-XXXX."""
    return f"{normalize_cpr(value)[:6]}-XXXX"


def validate_cvr(value: str) -> str:
    number = stdnum_cvr.compact(value or "")
    if not number.isdigit() or len(number) != 8:
        raise ValidationError(_("A CVR number has 8 digits."), code="cvr_format")
    try:
        return stdnum_cvr.validate(number)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The CVR number fails the modulus 11 check; check for a typing error."),
            code="cvr_checksum",
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("Not a valid CVR number."), code="cvr_invalid") from None


def validate_p_number(value: str) -> str:
    number = "".join((value or "").split())
    if not number.isdigit() or len(number) != 10:
        raise ValidationError(_("A P-number has 10 digits."), code="p_number_format")
    return number


def validate_postcode(value: str) -> str:
    code = (value or "").strip()
    if code not in POSTCODES:
        raise ValidationError(
            _("%(code)s is not a Danish postcode.") % {"code": code}, code="postcode"
        )
    return code
