"""A document that unpacks to a gigabyte is refused without unpacking it."""

import functools
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError

from meetings import files
from meetings.models import Document
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
GIB = 1024 * MB


@functools.cache
def _gib_of_zeros_deflated() -> tuple[bytes, int]:
    """Raw deflate of 1 GiB of zeros (about 1 MB) and its CRC, built in well under a second.

    After a full flush deflate starts afresh, so every megabyte compresses to the
    same bytes: compress one and repeat it.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * (GIB // MB) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc, zeros = 0, bytes(MB)
    for _ in range(GIB // MB):
        crc = zlib.crc32(zeros, crc)
    return data, crc


def _zip(entries) -> bytes:
    """A zip from (name, deflated bytes, crc, declared unpacked size) written by hand."""
    local, central = b"", b""
    for name, data, crc, size in entries:
        name = name.encode()
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size,
                             len(name), 0) + name + data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return local + central + end


def _deflated(content: bytes):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return content, compressor.compress(content) + compressor.flush()


def _docx_with_mimetype(declared_size=None) -> bytes:
    bomb, crc = _gib_of_zeros_deflated()
    entries = [("mimetype", bomb, crc, GIB if declared_size is None else declared_size)]
    for name, content in [("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
                          ("word/document.xml", b'<?xml version="1.0"?><w:document/>')]:
        plain, packed = _deflated(content)
        entries.append((name, packed, zlib.crc32(plain), len(plain)))
    return _zip(entries)


def _peak_bytes(call):
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.fixture
def meeting(karin, roll):
    return f.plan(by=karin, days_ahead=40)


def test_a_docx_that_unpacks_to_a_gigabyte_is_refused_next_to_the_file_field(meeting, karin):
    content = _docx_with_mimetype()
    assert len(content) < 2 * MB
    outcome = {}

    def upload():
        with pytest.raises(ValidationError) as exc:
            f.add_document(meeting, by=karin, name="remissvar.docx", content=content)
        outcome["errors"] = exc.value.message_dict

    peak = _peak_bytes(upload)

    assert "orimligt mycket data" in " ".join(outcome["errors"]["file"])
    assert peak < 20 * MB
    assert not Document.objects.exists()


def test_an_archive_that_lies_about_its_size_is_refused_without_unpacking_it():
    # The headers say 40 bytes; the entry really holds a gigabyte.
    upload = f.upload("remissvar.docx", _docx_with_mimetype(declared_size=40))
    outcome = {}

    def detect():
        with pytest.raises(ValidationError) as exc:
            files.detect_type(upload)
        outcome["errors"] = exc.value.message_dict

    peak = _peak_bytes(detect)

    assert "orimligt mycket data" in " ".join(outcome["errors"]["file"])
    assert peak < 20 * MB


@pytest.mark.parametrize("content", [f.docx_bytes(), f.xlsx_bytes(), f.odt_bytes()])
def test_ordinary_office_documents_are_still_recognised(content):
    assert files.detect_type(f.upload("dokument", content)) in ("docx", "xlsx", "odt")
