"""Registrant exports (CSV and XLSX) for staff and organisers.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
return before one) as a formula: every such text cell is prefixed with an
apostrophe, in both formats (Wagtail's own CSV export does not do it).
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .geo import DEPARTMENT_BY_CODE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _yes_no(value):
    if value is None:
        return ""
    return _("yes") if value else _("no")


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def registrant_rows(session):
    """Header and rows: confirmed first, then the waiting list in order, then cancellations."""
    header = [
        _("Status"),
        _("Place on the waiting list"),
        _("First name"),
        _("Last name"),
        _("Email"),
        _("Organisation"),
        _("Community"),
        _("Department"),
        _("News of the Tour de France"),
        _("May be contacted"),
        _("Attended"),
        _("Registered at"),
    ]
    registrations = session.registrations.select_related("community").order_by(
        "status", "waitlisted_at", "created_at", "pk"
    )
    order = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}
    rows = []
    position = 0
    for registration in sorted(registrations, key=lambda r: order.get(r.status, 3)):
        if registration.is_waitlisted:
            position += 1
        department = DEPARTMENT_BY_CODE.get(registration.department)
        rows.append(
            [
                registration.get_status_display(),
                position if registration.is_waitlisted else None,
                registration.first_name,
                registration.last_name,
                registration.email,
                registration.organisation,
                registration.community.name if registration.community else "",
                f"{department.code} {department.name}" if department else registration.department,
                _yes_no(registration.consent_newsletter),
                _yes_no(registration.consent_contact),
                _yes_no(registration.attended),
                _local(registration.created_at),
            ]
        )
    return header, rows


def _filename(session, extension):
    local = timezone.localtime(session.start)
    return f"inscrits-{slugify(session.webinar.title)[:60]}-{local:%Y%m%d-%H%M}.{extension}"


def csv_response(session):
    header, rows = registrant_rows(session)
    buffer = io.StringIO()
    # Semicolons and a BOM: what a French spreadsheet opens correctly by double-click.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [value.strftime("%d/%m/%Y %H:%M") if hasattr(value, "strftime") else neutralise(value) for value in row]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(session, "csv")}"'
    return response


def xlsx_response(session):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    header, rows = registrant_rows(session)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registrants")[:31])
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif hasattr(value, "strftime"):
                cell.number_format = "DD/MM/YYYY HH:MM"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(session, "xlsx")}"'
    return response
