"""Swedish organisationsnummer: ten digits, the last a Luhn check digit."""

import re

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def normalise(raw: str) -> str:
    """'2021005489' or '202100-5489' -> '202100-5489'; ValueError with the reason otherwise."""
    match = _PATTERN.match((raw or "").strip().replace(" ", ""))
    if not match:
        raise ValueError(_("Ange organisationsnumret som tio siffror, till exempel 202100-5489."))
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValueError(
            _("Tredje siffran i ett organisationsnummer är alltid 2 eller högre; kontrollera numret.")
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError(_("Kontrollsiffran stämmer inte; kontrollera organisationsnumret."))
    return f"{digits[:6]}-{digits[6:]}"
