"""Decide a document's type from its content, not only its name (uploads are untrusted)."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}

# Limits on what an archive says it unpacks to. A real decision document of at
# most DOCUMENT_MAX_BYTES (20 MB) unpacks to well under 200 MB: office XML
# compresses 5-20 times, a very repetitive spreadsheet seldom beyond 100.
# Deflate tops out near 1,030:1, so a zip bomb shows a ratio far above 200:1;
# small entries are let through whatever their ratio (they cannot hurt).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_APPLIES_FROM_BYTES = 1024 * 1024
MAX_ENTRIES = 10_000
# The only entry content ever read: the ODF `mimetype` line, a few dozen bytes.
MIMETYPE_READ_BYTES = 128


def detect_type(uploaded) -> str | None:
    """'pdf', 'docx', 'xlsx', 'odt' when the bytes really are that, else None.

    Raises ValidationError on the file field for an archive that would unpack
    to something absurd (a zip bomb).
    """
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            _refuse_absurd_archive(entries)
            names = {entry.filename for entry in entries}
            odf_mimetype = _read_head(archive, "mimetype").strip() if "mimetype" in names else b""
            if odf_mimetype == ALLOWED["odt"].encode():
                return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        return None
    finally:
        uploaded.seek(0)
    return None


def _read_head(archive: zipfile.ZipFile, name: str) -> bytes:
    # Never more than a few bytes, whatever the entry claims or really holds.
    with archive.open(name) as entry:
        return entry.read(MIMETYPE_READ_BYTES)


def _is_absurd(entry: zipfile.ZipInfo) -> bool:
    packed, unpacked = entry.compress_size, entry.file_size
    bomb = unpacked > RATIO_APPLIES_FROM_BYTES and unpacked > MAX_RATIO * max(packed, 1)
    # Deflate never grows data by more than a few bytes per block, so more packed
    # than unpacked bytes means the header lies about what the entry holds.
    lies = packed > unpacked + unpacked // 1000 + 64
    return bomb or lies


def _refuse_absurd_archive(entries: list[zipfile.ZipInfo]) -> None:
    too_much = len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES
    if too_much or any(_is_absurd(e) for e in entries):
        raise ValidationError({"file": _(
            "Filen är ett arkiv som packas upp till orimligt mycket data och tas inte emot. "
            "Spara dokumentet på nytt, eller som PDF, och försök igen."
        )})
