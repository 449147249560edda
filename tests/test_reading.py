import pytest

from ficlens.reading import InputError, decode, read_path


def test_plain_utf8():
    assert decode("Sakura-chan said “hi”.".encode()) == ("Sakura-chan said “hi”.", "utf-8")


def test_bom_is_dropped_and_reported():
    text, encoding = decode(b"\xef\xbb\xbf\"Hello,\" she said.")
    assert text == '"Hello," she said.'
    assert encoding == "utf-8-sig"


def test_crlf_is_kept_so_offsets_match_the_file():
    text, _ = decode(b'"Hi."\r\n\r\n"Bye."\r\n')
    assert text == '"Hi."\r\n\r\n"Bye."\r\n'


def test_cp1252_curly_quotes_are_detected():
    raw = "\u201cI don\u2019t know,\u201d she said. \u201cCaf\u00e9?\u201d He shrugged. " * 20
    text, encoding = decode(raw.encode("cp1252"))
    assert text == raw
    assert encoding.replace("_", "").replace("-", "").lower() in {"cp1252", "windows1252"}


def test_latin1_accents():
    raw = "Zoë and Renée walked to the café, where the garçon smiled at them. " * 10
    text, _ = decode(raw.encode("latin-1"))
    assert text == raw


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_empty_is_refused(data):
    with pytest.raises(InputError, match="empty"):
        decode(data)


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")


def test_source_is_hashed(tmp_path):
    path = tmp_path / "fic.txt"
    path.write_bytes(b"Hello there.")
    _, source = read_path(path)
    assert source.sha256 == "23ea498e82f4435b1c135324eedef4ba64061600897077bf76082a50b41a9c13"
    assert source.encoding == "utf-8"
