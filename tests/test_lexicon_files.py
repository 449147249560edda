"""The generated lexicons (scripts/build_lexicons.py) load and hold sane entries."""
import re

import pytest

from ficlens.lexicon import lines

LINE = re.compile(r"[a-z][a-z'-]* [mf-]")  # lines() lower-cases, so M/F arrive as m/f


@pytest.mark.parametrize("name", ["person_nouns", "given_names"])
def test_every_line_is_word_and_gender(name):
    entries = lines(name)
    assert len(entries) >= 100
    bad = [e for e in entries if not LINE.fullmatch(e)]
    assert not bad, bad[:10]
    words = [e.split()[0] for e in entries]
    assert len(words) == len(set(words)), "a word appears twice"


def test_person_nouns():
    nouns = dict(e.split() for e in lines("person_nouns"))
    for word, gender in {
        "man": "m", "woman": "f", "girl": "f", "boy": "m", "lady": "f", "gentleman": "m",
        "mother": "f", "father": "m", "widow": "f", "servant": "-", "stranger": "-", "doctor": "-",
    }.items():
        assert nouns.get(word) == gender, (word, nouns.get(word))
    # plurals and pronouns are left out
    for word in ("men", "women", "people", "children", "ladies", "he", "she", "who"):
        assert word not in nouns, word


def test_given_names():
    names = dict(e.split() for e in lines("given_names"))
    assert set(names.values()) == {"m", "f"}
    for word, gender in {
        "elizabeth": "f", "jane": "f", "mary": "f", "anne": "f", "margaret": "f",
        "john": "m", "henry": "m", "george": "m", "william": "m", "thomas": "m",
    }.items():
        assert names.get(word) == gender, (word, names.get(word))
    # titles and surnames are not given names
    for word in ("mr", "mrs", "miss", "lady", "sir", "darcy", "bennet", "twist"):
        assert word not in names, word
