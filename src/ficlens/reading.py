"""Turn a file's bytes into text, reporting the encoding; refuse what is not text."""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from ficlens.document import Source


class InputError(Exception):
    """Input that cannot be analysed; the message is one line meant for the user."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for empty, binary or undecodable data."""
    if not data.strip():
        raise InputError("file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError("file looks binary (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("file is not text in any encoding ficlens recognises")
    text = str(best)
    if _looks_binary(text):
        raise InputError("file looks binary, not text")
    return text, _common_name(data, text, best.encoding)


def _common_name(data: bytes, text: str, encoding: str) -> str:
    """Western legacy files often decode the same in several code pages: name the usual one."""
    for usual in ("cp1252", "latin-1"):
        try:
            if data.decode(usual) == text:
                return usual
        except UnicodeDecodeError:
            continue
    return encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"file claims {encoding} but is not valid {encoding}: {err.reason}") from None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > len(sample) * 0.01


def read_path(path: str | Path) -> tuple[str, Source]:
    """Read and decode a file. Raises InputError with a one-line reason."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"is a directory, not a file: {path}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from None
    text, encoding = decode(data)
    return text, Source(str(path), hashlib.sha256(data).hexdigest(), encoding)


def source_for_text(text: str) -> Source:
    return Source(None, hashlib.sha256(text.encode("utf-8")).hexdigest(), "utf-8")
