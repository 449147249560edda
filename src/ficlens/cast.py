"""A cast supplied by the user (`--characters FILE`): names, aliases and pronouns to match first.

Three formats, chosen by the file's extension:

- CSV (`.csv`) with a header row: `name` (required), `aliases` (several joined by `;` or `|`),
  `pronouns`; column names in any case, other columns ignored.
- YAML (`.yaml`, `.yml`): a list of mappings `{name, aliases, pronouns}` (aliases a list or a
  `;`-joined string), or a list of plain names, or either under a top-level `characters:` key.
- Text (`.txt`): one character per line, `Name; alias; alias`; blank lines and lines starting
  with `#` are skipped.

Every problem raises `InputError` with a one-line message that names the file.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ficlens.reading import InputError, decode

CSV_SUFFIXES = (".csv",)
YAML_SUFFIXES = (".yaml", ".yml")
TEXT_SUFFIXES = (".txt",)
_ALIAS_SEPARATOR = re.compile(r"[;|]")
_PRONOUNS = {
    "he/him": ("he", "him", "his", "he/him", "he/him/his", "m", "male", "masculine"),
    "she/her": ("she", "her", "hers", "she/her", "she/her/hers", "f", "female", "feminine"),
    "they/them": ("they", "them", "their", "they/them", "they/them/their", "they/them/theirs"),
}
_PRONOUN_FORMS = {form: canon for canon, forms in _PRONOUNS.items() for form in forms}
# keys accepted in a YAML entry and CSV header, by what they mean
_FIELDS = {"name": "name", "aliases": "aliases", "alias": "aliases", "pronouns": "pronouns", "pronoun": "pronouns"}


@dataclass(frozen=True)
class CastMember:
    name: str
    aliases: tuple[str, ...] = ()
    pronouns: str | None = None


class _Problem(Exception):
    """A problem in the file's content; load_cast adds the file's name."""


def load_cast(path: Path) -> list[CastMember]:
    """Read a cast file. Raises InputError, naming the file, for anything it cannot use."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"cast file {path}: no such file")
    if path.is_dir():
        raise InputError(f"cast file {path}: is a directory, not a file")
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES + TEXT_SUFFIXES:
        raise InputError(
            f"cast file {path}: unknown extension {suffix or '(none)'!r}; use .csv, .yaml, .yml or .txt"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cast file {path}: cannot read it: {err.strerror or err}") from None
    try:
        text, _ = decode(data)
        if suffix in CSV_SUFFIXES:
            cast = _from_csv(text)
        elif suffix in YAML_SUFFIXES:
            cast = _from_yaml(text)
        else:
            cast = _from_text(text)
        if not cast:
            raise _Problem("no characters in it")
        _refuse_repeats(cast)
    except (InputError, _Problem) as err:
        raise InputError(f"cast file {path}: {err}") from None
    return cast


def normalize_pronouns(value: str | None) -> str | None:
    """'she', 'F', 'female', 'She / Her' -> 'she/her'; other sets ('xe/xem') kept, lower-cased."""
    if value is None:
        return None
    cleaned = re.sub(r"\s*/\s*", "/", " ".join(value.split()).lower())
    if not cleaned:
        return None
    return _PRONOUN_FORMS.get(cleaned, cleaned)


def _member(name: str, aliases: list[str], pronouns: str | None, where: str) -> CastMember:
    name = " ".join(name.split())
    if not name:
        raise _Problem(f"{where}: empty name")
    seen = {name.casefold()}
    kept = []
    for alias in aliases:
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            kept.append(alias)
    return CastMember(name, tuple(kept), normalize_pronouns(pronouns))


def _split_aliases(value: str) -> list[str]:
    return _ALIAS_SEPARATOR.split(value)


def _refuse_repeats(cast: list[CastMember]) -> None:
    seen: set[str] = set()
    for member in cast:
        key = member.name.casefold()
        if key in seen:
            raise _Problem(f"{member.name!r} is listed twice")
        seen.add(key)


def _from_csv(text: str) -> list[CastMember]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise _Problem("no header row")
        columns = [_FIELDS.get(cell.strip().lstrip("\ufeff").lower()) for cell in header]
        if "name" not in columns:
            raise _Problem(f"no 'name' column in the header ({', '.join(c.strip() for c in header)})")
        cast = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            fields = {"name": "", "aliases": "", "pronouns": ""}
            for column, cell in zip(columns, row):
                if column and not fields[column]:
                    fields[column] = cell
            where = f"line {reader.line_num}"
            cast.append(_member(fields["name"], _split_aliases(fields["aliases"]), fields["pronouns"], where))
    except csv.Error as err:
        raise _Problem(f"line {reader.line_num}: not valid CSV: {err}") from None
    return cast


def _from_yaml(text: str) -> list[CastMember]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise _Problem(f"not valid YAML: {_yaml_reason(err)}") from None
    if isinstance(data, dict):
        keys = {str(k).lower(): k for k in data}
        if "characters" not in keys:
            raise _Problem("a YAML mapping needs a 'characters' key holding the list of characters")
        data = data[keys["characters"]]
    if data is None:
        return []
    if not isinstance(data, list):
        raise _Problem("expected a list of characters (names, or mappings with name, aliases, pronouns)")
    return [_yaml_member(entry, f"entry {n}") for n, entry in enumerate(data, 1)]


def _yaml_member(entry: object, where: str) -> CastMember:
    if isinstance(entry, dict):
        fields: dict[str, object] = {}
        for key, value in entry.items():
            field = _FIELDS.get(str(key).strip().lower())
            if field:
                fields[field] = value
        if "name" not in fields:
            raise _Problem(f"{where}: no 'name'")
        name = _yaml_text(fields["name"], f"{where}: name")
        aliases = fields.get("aliases")
        if aliases is None:
            alias_list = []
        elif isinstance(aliases, list):
            alias_list = [_yaml_text(a, f"{where}: alias") for a in aliases if a is not None]
        else:
            alias_list = _split_aliases(_yaml_text(aliases, f"{where}: aliases"))
        pronouns = fields.get("pronouns")
        if isinstance(pronouns, list):  # [she, her]
            pronouns = "/".join(_yaml_text(p, f"{where}: pronouns") for p in pronouns if p is not None)
        elif pronouns is not None:
            pronouns = _yaml_text(pronouns, f"{where}: pronouns")
        return _member(name, alias_list, pronouns, where)
    if entry is None:
        raise _Problem(f"{where}: empty name")
    return _member(_yaml_text(entry, f"{where}: name"), [], None, where)


def _yaml_text(value: object, what: str) -> str:
    """YAML reads `Yes`, `007` or `2001-01-01` as non-text: ask for quotes rather than guess."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        raise _Problem(f"{what} must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
    raise _Problem(f"{what} was read as {type(value).__name__} {value!r}, not text; put it in quotes")


def _yaml_reason(err: Exception) -> str:
    problem = getattr(err, "problem", None)
    mark = getattr(err, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(err).split())


def _from_text(text: str) -> list[CastMember]:
    cast = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        name, *aliases = _split_aliases(line)
        cast.append(_member(name, aliases, None, f"line {number}"))
    return cast
