"""Danish identifiers: CPR (persons), CVR (companies), P-nummer (workplaces), postcodes.

The one home of identifier validation: forms, serializers, model validators, filters and imports
all call these functions.

Digits are ASCII only: Python's str.isdigit() and int() also accept other scripts' digits
(Arabic-Indic `٠٢٠٨٠٣٤٣٦٤`, fullwidth `０２０８…`), which would give a second record for a
person that exact lookups never find. `is_ascii_digits` / `require_ascii_digits` check the raw
input, before anything normalises it; core.limits applies the same rule to every number field.

CPR: DDMMYY-SSSS. The 7th digit with YY gives the century. Numbers issued after 2007 need not pass
modulus 11, so only the date part and the format are checked (python-stdnum's dk.cpr), plus a sanity
range for the birth year.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from localflavor.dk.dk_postalcodes import DK_POSTALCODES
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

OLDEST_BIRTH_YEAR = 1900
POSTCODES: dict[str, str] = dict(DK_POSTALCODES)
ASCII_DIGITS = frozenset("0123456789")
# Separators people type inside a number: spaces and the hyphen of DDMMYY-SSSS.
_SEPARATORS = re.compile(r"[\s-]+")


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty string of the digits 0-9 only (never another script's digits)."""
    return bool(value) and all(char in ASCII_DIGITS for char in value)


def has_foreign_digit(value: str) -> bool:
    """True when `value` holds a digit other than 0-9 (Arabic-Indic, fullwidth, superscript…)."""
    return any((char.isdigit() or char.isdecimal()) and char not in ASCII_DIGITS for char in value)


def foreign_digits_message() -> str:
    return _("Use only the digits 0-9 (other digits such as ٣ or ３ are not accepted).")


def require_ascii_digits(value: str) -> None:
    """Raise ValidationError (code `non_ascii_digits`) when `value` holds a digit other than 0-9."""
    if has_foreign_digit(value or ""):
        raise ValidationError(foreign_digits_message(), code="non_ascii_digits")


def ascii_digits_or_none(value: str) -> str | None:
    """The digits of a search or a parameter with spaces and hyphens removed, when they are all
    0-9; None otherwise (words, another script's digits, empty)."""
    digits = _SEPARATORS.sub("", value or "")
    return digits if is_ascii_digits(digits) else None


def normalize_cpr(value: str) -> str:
    """The compact form (spaces and the hyphen removed). Other digits than 0-9 are kept as they
    are, so such a value never passes validate_cpr nor matches a stored number."""
    return _SEPARATORS.sub("", value or "")


def validate_cpr(value: str, *, today: date | None = None) -> str:
    """Return the compact CPR number or raise ValidationError with a Danish reason."""
    require_ascii_digits(value or "")
    number = normalize_cpr(value)
    if not is_ascii_digits(number) or len(number) != 10:
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


# A CPR-like sequence in free text: DDMMYY-SSSS or DDMMYYSSSS with a plausible day and month, not
# part of a longer number. Any script's digits, so a CPR typed in another script is masked too.
_CPR_LIKE = re.compile(r"(?<!\d)(\d{6})[-\u2010\u2011\u2013 ]?\d{4}(?!\d)")


def _mask_match(match: re.Match) -> str:
    head = match.group(1)
    digits = "".join(str(unicodedata.digit(char, 0)) for char in head)
    day, month = int(digits[:2]), int(digits[2:4])
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{head}-XXXX"
    return match.group(0)


def mask_cpr_like(text: str) -> str:
    """Every CPR-like sequence in `text` masked as DDMMYY-XXXX (log lines, error reports,
    addresses and reasons in the access log)."""
    if not text:
        return text
    return _CPR_LIKE.sub(_mask_match, text)


def validate_cvr(value: str) -> str:
    require_ascii_digits(value or "")
    number = stdnum_cvr.compact(value or "")
    if not is_ascii_digits(number) or len(number) != 8:
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
    require_ascii_digits(value or "")
    number = "".join((value or "").split())
    if not is_ascii_digits(number) or len(number) != 10:
        raise ValidationError(_("A P-number has 10 digits."), code="p_number_format")
    return number


def validate_postcode(value: str) -> str:
    require_ascii_digits(value or "")
    code = (value or "").strip()
    if code not in POSTCODES:
        raise ValidationError(
            _("%(code)s is not a Danish postcode.") % {"code": code}, code="postcode"
        )
    return code
