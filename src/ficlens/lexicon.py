"""Word lists kept as data files under ficlens/data/lexicon (one entry per line, # for comments)."""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def words(name: str) -> frozenset[str]:
    return frozenset(lines(name))


@cache
def lines(name: str) -> tuple[str, ...]:
    raw = resources.files("ficlens").joinpath("data", "lexicon", f"{name}.txt").read_text("utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.lower())
    return tuple(out)


@cache
def verb_forms(name: str) -> frozenset[str]:
    """All inflected forms of the verbs in a list whose lines read `base [irregular forms...]`."""
    forms: set[str] = set()
    for line in lines(name):
        base, *irregular = line.split()
        forms.update(irregular)
        forms.update(_inflect(base))
    return frozenset(forms)


def _inflect(base: str) -> set[str]:
    if " " in base or "_" in base:
        return {base.replace("_", " ")}
    if base.endswith("e"):
        stem_ed, stem_ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in set("aeiou"):
        stem_ed, stem_ing = base[:-1] + "ied", base + "ing"
    elif _doubles(base):
        stem_ed, stem_ing = base + base[-1] + "ed", base + base[-1] + "ing"
    else:
        stem_ed, stem_ing = base + "ed", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in set("aeiou"):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return {base, stem_ed, stem_ing, third}


def _doubles(base: str) -> bool:
    """Short consonant-vowel-consonant verbs double their last letter (nod -> nodded)."""
    vowels = set("aeiou")
    return (
        len(base) <= 4
        and len(base) >= 3
        and base[-1] not in vowels | set("wxy")
        and base[-2] in vowels
        and (base[-3] not in vowels or base[-4:-2] == "qu")  # quip -> quipped
    )


@cache
def diminutives() -> dict[str, frozenset[str]]:
    """Given names to the formal names they can stand for, from `diminutives.txt`.

    Each diminutive and each formal name is a key: 'lizzy' -> {'elizabeth'}, 'elizabeth' ->
    {'elizabeth'}, 'sandy' -> {'alexander', 'alexandra'}. Keys and values are lower case.
    """
    found: dict[str, set[str]] = {}
    for line in lines("diminutives"):
        formal, *short = line.split()
        for name in (formal, *short):
            found.setdefault(name, set()).add(formal)
    return {name: frozenset(formals) for name, formals in found.items()}


@cache
def person_nouns() -> dict[str, str]:
    """Lemma -> gender ('M', 'F' or '' for either) of nouns that name a person ('man', 'governess')."""
    out = {}
    for line in lines("person_nouns"):
        word, _, gender = line.partition(" ")
        out[word] = gender.strip().upper().replace("-", "")
    return out


@cache
def given_names() -> dict[str, str]:
    """Given name -> 'M' or 'F': the gender a name usually carries, a weak prior only."""
    pairs = (line.split() for line in lines("given_names"))
    return {name: gender.upper() for name, gender, *_ in pairs}


def name_gender(name: str) -> str | None:
    """'M' or 'F' for a name whose first word is a given name the list knows ('Adela Quested'), or
    for a title or noun used as a name, the word's ('the Queen', 'the Invisible Man')."""
    words = name.lower().split()
    if len(words) > 1 and words[0] == "the":
        return person_nouns().get(words[-1]) or titles().get(words[-1], (None,))[0]
    return given_names().get(words[0]) if words else None


@cache
def titles() -> dict[str, tuple[str | None, str]]:
    """Title -> (the gender it implies, 'M', 'F' or None; the title it stands for): 'mister' ->
    ('M', 'mr'), 'dr' -> (None, 'dr')."""
    out = {}
    for line in lines("titles"):
        word, gender, *same = line.split()
        out[word] = (None if gender == "-" else gender.upper(), same[0] if same else word)
    return out


@cache
def saying_verbs() -> frozenset[str]:
    """Every form of the speech and thought verbs: what a speaking or thinking subject goes with."""
    return verb_forms("speech_verbs") | verb_forms("thought_verbs")
