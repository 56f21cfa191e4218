"""CSV that a spreadsheet opens as data, never as formulas (CSV formula injection).

Excel, LibreOffice and Google Sheets run a cell starting with one of these as a
formula, so a partner named `=HYPERLINK(...)` could make a reader's spreadsheet
send data away. Every CSV export writes through `DictWriter` below, and the
forms refuse names starting with them (`refuse_formula_start`).
"""

import csv

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """The value, with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class DictWriter(csv.DictWriter):
    """csv.DictWriter whose every cell, the header too, goes through `cell`."""

    def writerow(self, rowdict):
        return super().writerow({key: cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def refuse_formula_start(value: str) -> None:
    """Validator for names and titles that end up in exports."""
    if value.startswith(FORMULA_STARTS):
        raise ValidationError(
            _("Får inte börja med =, +, -, @, tabb eller radbrytning (kalkylprogram läser det "
              "som en formel)."), code="formula_start"
        )
