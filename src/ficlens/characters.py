"""Characters: proper-name mentions found in the story, clustered into one character per person.

A name is first seen through spaCy's PERSON entities, names carrying an honorific suffix
("Kaka-sensei"), English titles ("Mr. Darcy") and subjects of speech verbs ("Sakura said"); then
every other occurrence of a name seen that way is a mention too. Mentions are clustered by their
name words: "Hatake Kakashi", "Kakashi Hatake" and "Kakashi" are one character; a title keeps
"Mr. Bennet" and "Mrs. Bennet" apart; a shared family name alone never merges two people.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ficlens import lexicon
from ficlens.cast import CastMember
from ficlens.document import Document, quote_locator
from ficlens.nlp import beside_speech_verb

_NAME_WORD = r"[A-Z][a-zA-Z'’]*[a-z][a-zA-Z'’]*"
_HONORIFIC = re.compile(rf"\b({_NAME_WORD})-([a-z]+(?:-[a-z]+)?)\b")
_HONORIFIC_TAIL = re.compile(r"-([a-z]+(?:-[a-z]+)?)\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_WORD_BEFORE = re.compile(r"([A-Z][A-Za-z]*\.?) $")
_BREAKS = re.compile(r"--+|[\"“”—–]")
_EDGE_PUNCT = ".,;:!?\"“”‘’()[]*_—–"
PERSON_LABELS = ("PERSON",)
NAME_PARTICLES = frozenset("de du da di van von der le la del".split())
DETERMINERS = frozenset("the a an this that these those".split())
# titles that go before a given name as well as a family name: 'Lady Catherine', 'Sir William'
GIVEN_NAME_TITLES = frozenset("sir lady lord dame aunt uncle king queen prince princess saint st master".split())
# spaCy often calls fan-fiction names ORG, GPE or NORP; a speaking subject is a person all the same
NOT_SUBJECT_LABELS = ("DATE", "TIME", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC", "LOC")
KIN_TITLES = frozenset(("aunt", "uncle", "father", "mother", "brother", "sister", "cousin", "grandma",
                        "grandpa", "granny"))  # 'aunt Norris' is Mrs. Norris: kin titles join any title
PLACE_PREPOSITIONS = frozenset(("in", "into", "near", "through", "across", "within"))
APART_PARAGRAPHS = 2  # paragraphs setting 'Mr. Emerson' beside 'George' apart that make them two people
MR_WITH_GIVEN = 2  # times 'Mr. John Knightley' is written that make the bare 'Mr. Knightley' another man
EPITHET_APART = 5  # sentences beyond the linking ones an epithet shares with a name that make them two
TINY_NAME, FAR_MORE = 5, 3  # a name seen under 5 times takes no epithet used 3 times as often as it
DOMINANT = 5  # how many times another bearer's mentions a given name's or title's usual bearer must have
SPEAKS_AS_NAME = 5  # times a word the NER calls a nationality must speak to be a name ('said the Dodger')
NOT_NAME_POS = frozenset(("ADV", "VERB", "INTJ", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "AUX", "PART"))


@dataclass
class Mention:
    start: int
    end: int
    words: tuple[str, ...]  # name words, title and honorific removed
    title: str | None = None
    honorific: str | None = None
    strong: bool = True  # seen as a name by NER or by its form, not only by repetition
    acts: bool = False  # the subject of a speech or thought verb
    epithet: bool = False  # 'the Hatter', 'the Hokage': a capitalised description used as a name


@dataclass
class Character:
    words: set[str]
    full: tuple[str, ...]
    gender: str | None = None
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    cast: CastMember | None = None  # the user's entry this character was matched to
    titles: set[str] = field(default_factory=set)  # every title seen before its names, as _same_title gives
    forms: set[tuple] = field(default_factory=set)  # (name words, title): whole names that always mean this one


def find_characters(doc: Document, cast: list[CastMember] | None = None) -> None:
    """Proper-name mentions and characters; names in `cast` (the user's list) are matched first."""
    seeded = [_cast_character(member) for member in cast or ()]
    mentions = _merged(_strong_mentions(doc), _cast_mentions(doc, seeded))
    mentions += _epithet_mentions(doc, mentions)
    mentions += _repeated_mentions(doc, mentions)
    people = {w for m in mentions if m.honorific or m.acts or m.epithet for w in m.words}
    named = {w for c in seeded for w in c.words}  # the user's names are never places
    nations = _nationalities(doc) - _speakers(mentions)
    places = ((_place_names(doc) - people) | nations | _family_plurals(doc.text, mentions)) - named
    common = _common_words(doc.text)
    mentions = [_trim(doc, m, common) for m in mentions if not set(m.words) & places and not _names_a_thing(doc, m)]
    mentions = _shouted(m for m in mentions if m.words)
    mentions.sort(key=lambda m: m.start)
    characters = cluster(mentions, seeded, _seen_apart(doc, mentions))
    for c in characters:
        if _mostly_after_the(doc.text, c.mentions):
            _take_the(doc.text, c.mentions)
    characters = _link_epithets(doc, characters)
    _write(doc, characters)


# ---------------------------------------------------------------- finding names

def _strong_mentions(doc: Document) -> list[Mention]:
    story = _story_ranges(doc)
    found: dict[tuple[int, int], Mention] = {}
    for start, end in _person_entities(doc):
        if _in_story(story, start):
            _add(found, _parse(doc.text, start, end))
    for para_start, para_end in story:
        for m in _HONORIFIC.finditer(doc.text, para_start, para_end):
            if m.group(2) in lexicon.words("honorifics"):
                _add(found, Mention(m.start(), m.end(), (m.group(1),), honorific=m.group(2)))
    for start, end in _speech_subjects(doc):
        mention = _parse(doc.text, start, end) if _in_story(story, start) else None
        if mention:
            mention.acts = True
            _add(found, mention)
    return [m for m in found.values() if m.words and _plausible(m.words)]


def _merged(found: list[Mention], extra: list[Mention]) -> list[Mention]:
    """The names found and the cast's occurrences as one list without overlaps: of two overlapping
    mentions the longer stays ('Mr. Bennet' over 'Bennet'), the one found first when equally long."""
    if not extra:
        return found
    kept: list[Mention] = []
    for m in sorted(found + extra, key=lambda m: (m.start, m.start - m.end)):
        last = kept[-1] if kept else None
        if last is None or m.start >= last.end:
            kept.append(m)
        elif m.end - m.start > last.end - last.start:
            m.acts |= last.acts
            kept[-1] = m
        else:
            last.acts |= m.acts
    return kept


def _add(found: dict, mention: Mention | None) -> None:
    if mention is None:
        return
    for key, other in list(found.items()):
        if other.start < mention.end and mention.start < other.end:
            if other.end - other.start >= mention.end - mention.start:
                other.acts |= mention.acts
                return
            del found[key]
    found[(mention.start, mention.end)] = mention


def _person_entities(doc: Document):
    tokens = doc.tokens
    start = None
    for i, ent in enumerate(tokens.ent):
        if start is not None and (not ent.startswith("I-") or _breaks_name(doc, i, start)):
            yield _with_title(doc, start), tokens.end[i - 1]
            start = None
        if ent.startswith("B-") and ent[2:] in PERSON_LABELS:
            start = i
    if start is not None:
        yield _with_title(doc, start), tokens.end[len(tokens) - 1]


def _breaks_name(doc: Document, i: int, start: int) -> bool:
    """Token i cannot go on a name begun at token `start`: another sentence, a quote mark, a dash
    or other punctuation than a hyphen, an apostrophe or an initial's dot ('Mr. Knightley.--"Emma')."""
    tokens = doc.tokens
    word = tokens.word(doc.text, i)
    return (tokens.sent[i] != tokens.sent[start] or bool(_BREAKS.search(word))
            or tokens.pos[i] == "PUNCT" and word not in ("-", "'", "’", "."))


def _with_title(doc: Document, i: int) -> int:
    """Start of the entity, moved back over a title spaCy left out ('Mr. Darcy', 'aunt Norris'); a
    small-lettered word the parse reads as a verb or adjective is none ('to miss Ralph Denham')."""
    tokens = doc.tokens
    if i > 0 and _title_gender(word := doc.text[tokens.start[i - 1]:tokens.end[i - 1]]) is not False and (
            word[:1].isupper() or tokens.pos[i - 1] not in ("VERB", "AUX", "ADJ")):
        return tokens.start[i - 1]
    return tokens.start[i]


def _speech_subjects(doc: Document):
    """Proper nouns that are the subject of a speech verb: 'Sakura sighed', 'said Kakashi'."""
    tokens = doc.tokens
    verbs = lexicon.saying_verbs()
    for i in range(len(tokens)):
        if tokens.pos[i] != "PROPN" or tokens.ent[i][2:] in NOT_SUBJECT_LABELS:
            continue
        head = tokens.head[i]
        parsed = tokens.dep[i] == "nsubj" and tokens.word(doc.text, head).lower() in verbs
        if parsed or beside_speech_verb(doc.text, tokens, i, i, verbs):
            yield _with_title(doc, i), tokens.end[i]


def _epithet_mentions(doc: Document, found: list[Mention]) -> list[Mention]:
    """'the Hatter', 'the White Rabbit', 'the Hokage': 'the' and capitalised words used as a name,
    kept when they speak somewhere or name a kind of person, and occur at least three times."""
    tokens, text = doc.tokens, doc.text
    taken = sorted((m.start, m.end) for m in found)
    story = _story_ranges(doc)
    speech = lexicon.saying_verbs()
    seen: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    acting: set[tuple[str, ...]] = set()
    for i in range(len(tokens) - 1):
        if text[tokens.start[i]:tokens.end[i]].lower() != "the" or not _in_story(story, tokens.start[i]):
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and re.fullmatch(_NAME_WORD, text[tokens.start[j]:tokens.end[j]]):
            j += 1
        if j == i + 1 or (j < len(tokens) and tokens.pos[j] == "PROPN") or _overlaps(taken, tokens.start[i + 1],
                                                                                     tokens.end[j - 1]):
            continue
        words = tuple(text[tokens.start[k]:tokens.end[k]] for k in range(i + 1, j))
        seen[words].append(Mention(tokens.start[i], tokens.end[j - 1], words, epithet=True))
        head = j - 1
        if tokens.dep[head] in ("nsubj", "nsubjpass") and text[tokens.start[tokens.head[head]]:
                                                                tokens.end[tokens.head[head]]].lower() in speech:
            acting.add(words)
    kinds = lexicon.person_nouns()
    out = []
    for words, group in seen.items():
        person = words in acting or words[-1].lower() in kinds or _title_gender(words[-1]) is not False
        if person and len(group) >= 3 and not any(w.lower() in lexicon.words("not_names") for w in words):
            for m in group:
                m.acts = words in acting
            out += group
    return out


def _names_a_thing(doc: Document, m: Mention) -> bool:
    """'the Hokage tower', 'the Uchiha compound': a name after a determiner, modifying the noun
    that follows it, names a thing, not a person."""
    tokens = doc.tokens
    last, first = tokens.ending_at(m.end), tokens.starting_at(m.start)
    head = tokens.head[last]
    return (tokens.dep[last] == "compound" and head == last + 1 and tokens.pos[head] == "NOUN"
            and DETERMINERS & {tokens.word(doc.text, first).lower(), tokens.word(doc.text, first - 1).lower()})


def _common_words(text: str) -> set[str]:
    """Capitalised words that are more often written in lower case: 'Soft', 'Hugging', 'Sometimes'."""
    lower = Counter(re.findall(r"\b[a-z][a-z'’]+\b", text))
    upper = Counter(re.findall(r"\b[A-Z][a-z'’]+\b", text))
    return {word for word, n in upper.items() if lower[word.lower()] >= max(n, 1)}


def _trim(doc: Document, m: Mention, common: set[str]) -> Mention:
    """Drop words at the front of a name that are common words here ('Goodnight Sakura') or that
    spaCy reads as another part of speech ('Sometimes Kakashi'), and lone common words."""
    words = list(m.words)
    while len(words) > 1 and (words[0] in common or _not_a_name_word(doc, m.start, words[0])):
        words.pop(0)
    if len(words) == 1 and words[0] in common and not (m.honorific or m.acts or m.epithet):
        words = []
    if words and len(words) != len(m.words) and not m.title:
        m.start = max(m.start, doc.text.find(words[0], m.start, m.end))
    m.words = tuple(words)
    return m


def _not_a_name_word(doc: Document, start: int, word: str) -> bool:
    tokens = doc.tokens
    i = bisect.bisect_left(tokens.start, doc.text.find(word, start))
    return i < len(tokens) and doc.text[tokens.start[i]:tokens.end[i]] == word and tokens.pos[i] in NOT_NAME_POS


def _shouted(mentions) -> list[Mention]:
    """'SAKURA!' is Sakura; an all-capitals word never written otherwise ('ANBU') is no name."""
    mentions = list(mentions)
    known = {w for m in mentions for w in m.words if not w.isupper()}
    kept = []
    for m in mentions:
        words = tuple(w.capitalize() if w.isupper() and len(w) > 1 else w for w in m.words)
        if all(w in known for w in words):
            m.words = words
            kept.append(m)
    return kept


def _place_names(doc: Document) -> set[str]:
    """Words that NER calls a place or organisation more often than a person (Longbourn, Konoha),
    or that follow 'in', 'into', 'near' or 'through' in a quarter of their uses (Coketown)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    tokens, text = doc.tokens, doc.text
    for i in range(len(tokens)):
        if tokens.pos[i] != "PROPN":
            continue
        word = text[tokens.start[i]:tokens.end[i]]
        ent = tokens.ent[i]
        if ent != "O":
            votes[word][ent[2:] in PERSON_LABELS] += 1
        votes[word]["all"] += 1
        if i and text[tokens.start[i - 1]:tokens.end[i - 1]].lower() in PLACE_PREPOSITIONS:
            votes[word]["after_in"] += 1
    return {word for word, v in votes.items()
            if v[False] > v[True] and v[False] >= 2 or v["after_in"] >= 2 and 4 * v["after_in"] >= v["all"]}


def _nationalities(doc: Document) -> set[str]:
    """Words NER mostly calls a nationality or group ('English', 'Hindus'): never a character's name."""
    votes: dict[str, Counter] = defaultdict(Counter)
    tokens = doc.tokens
    for i, ent in enumerate(tokens.ent):
        votes[doc.text[tokens.start[i]:tokens.end[i]]][ent[2:] == "NORP"] += 1
    return {word for word, v in votes.items() if v[True] > v[False]}


def _speakers(mentions: list[Mention]) -> set[str]:
    """Words of names that are the subject of a speech verb at least SPEAKS_AS_NAME times: whatever
    the NER calls them ('said the Dodger', 'said the Jew' in Oliver Twist, both 'NORP'), they name a person."""
    acting = Counter(w for m in mentions if m.acts for w in m.words)
    return {w for w, n in acting.items() if n >= SPEAKS_AS_NAME}


def _family_plurals(text: str, mentions: list[Mention]) -> set[str]:
    """'the Wilcoxes', 'Miss Steeles': the plural of a name seen alone names a family, not a person,
    when the singular is written at least as often ('Sikes' is no plural of a one-off 'Sike')."""
    known = Counter(w for m in mentions for w in m.words)
    plurals = set()
    for w in known:
        singular = w[:-1] if w[:-1] in known else w[:-2] if w.endswith("es") and w[:-2] in known else None
        if w.endswith("s") and singular and _count_word(text, singular) >= _count_word(text, w):
            plurals.add(w)
    return plurals


def _count_word(text: str, word: str) -> int:
    return len(re.findall(r"\b" + re.escape(word) + r"\b", text))


def _repeated_mentions(doc: Document, strong: list[Mention]) -> list[Mention]:
    """Every other capitalised occurrence of a name already seen as a name."""
    names = {w for m in strong for w in m.words}
    names |= {w.upper() for w in names if len(w) > 1}  # shouted: 'SAKURA!'
    if not names:
        return []
    taken = sorted((m.start, m.end) for m in strong)
    found = []
    for m in _occurrences(doc, names):
        if not _overlaps(taken, m.start(), m.end()):
            found.append(_with_context(doc.text, m.start(), m.end(), _matched(m), names))
    return found


def _with_context(text: str, start: int, end: int, name: str, names: set[str]) -> Mention:
    """A repeated name with the title or known given name written before it: 'Mrs. Bennet' is not
    a bare 'Bennet', 'Sibyl Vane' not a bare 'Vane'."""
    before = _word_before(text, start)
    if before:
        word, at = before
        if _title_gender(word) is not False:
            return Mention(at, end, (name,), word.rstrip(".").lower(), strong=False)
        if word in names:
            return Mention(at, end, (word, name), strong=False)
    return Mention(start, end, (name,), strong=False)


def _word_before(text: str, start: int) -> tuple[str, int] | None:
    """The capitalised word (or title) just before `start`, and where it starts."""
    found = _WORD_BEFORE.search(text, max(0, start - 16), start)
    return (found.group(1), found.start(1)) if found else None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(spans, (start, float("inf")))
    return any(s < end and start < e for s, e in spans[max(0, k - 2):k + 1])


def _parse(text: str, start: int, end: int) -> Mention | None:
    """Split a name span into title, name words and honorific; the span ends with the name, so
    'Mary unsympathetically' (an entity spaCy ran on) is 'Mary' and 'Mary knew Dickon' is 'Mary'."""
    spaced = _BREAKS.sub(lambda b: " " * len(b.group()), text[start:end])  # 'Woodhouse--"yes' is two
    pieces = [(m.group().strip(_EDGE_PUNCT), start + m.start(), start + m.end())
              for m in re.finditer(r"\S+", spaced)]
    pieces = [(_POSSESSIVE.sub("", w), a, b) for w, a, b in pieces if w]
    at = next((k for k, (w, _, _) in enumerate(pieces[:-1]) if _title_gender(w) is not False), None)
    title = None
    if at is not None:
        title = pieces[at][0].rstrip(".").lower()
        start, pieces = pieces[at][1], pieces[at + 1:]
    if len(pieces) == 1 and _title_gender(pieces[0][0]) is not False:
        return None  # a bare title ('Miss', 'Lady') names no one by itself
    while pieces and (pieces[0][0] in NAME_PARTICLES or pieces[0][0].lower() in lexicon.words("not_names")):
        pieces.pop(0)  # 'Goodnight Sakura' is Sakura
    run = list(itertools.takewhile(lambda p: p[0][:1].isupper() or p[0] in NAME_PARTICLES, pieces))
    while run and run[-1][0] in NAME_PARTICLES:
        run.pop()
    if not run:
        return None
    words = [w for w, _, _ in run]
    honorific = None
    if "-" in words[-1]:
        base, _, suffix = words[-1].partition("-")
        if suffix in lexicon.words("honorifics"):
            words[-1], honorific = base, suffix
    if title is None:
        start = run[0][1]
    end = text.find(run[-1][0], run[-1][1]) + len(run[-1][0])
    return Mention(start, end, tuple(words), title, honorific)


def _plausible(words: tuple[str, ...]) -> bool:
    if len(words) == 1 and _title_gender(words[0]) is not False:
        return False  # 'Miss' alone
    return not any(w.lower() in lexicon.words("not_names") for w in words)


def _title_gender(word: str) -> str | None | bool:
    """'M', 'F' or None for a title; False when the word is no title."""
    found = lexicon.titles().get(word.rstrip(".").lower())
    return False if found is None else found[0]


def _story_ranges(doc: Document) -> list[tuple[int, int]]:
    return [(p.start, p.end) for _, p in doc.story_paragraphs()]


def _in_story(ranges: list[tuple[int, int]], offset: int) -> bool:
    k = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= offset < ranges[k][1]


# ---------------------------------------------------------------- the user's cast

def _cast_character(member: CastMember) -> Character:
    """A character seeded from the user's entry: its names with their titles ('Miss Woodhouse' is
    hers; 'Mr. Woodhouse' then is not), its name words, and its gender from its pronouns."""
    parsed = [m for m in (_parse(n, 0, len(n)) for n in (member.name, *member.aliases)) if m]
    forms = {(m.words, _same_title(m.title) if m.title else None) for m in parsed}
    full = parsed[0].words if parsed else (member.name,)
    words = {w for m in parsed if set(m.words) <= set(full) or len(m.words) == 1 and not m.title for w in m.words}
    gender = {"he/him": "M", "she/her": "F"}.get(member.pronouns or "")
    titles = {t for _, t in forms if t}
    return Character(words | set(full), full, gender, cast=member, forms=forms, titles=titles)


def _cast_mentions(doc: Document, seeded: list[Character]) -> list[Mention]:
    """Every occurrence of a name or alias from the user's cast, as a name."""
    names = {" ".join(words) for c in seeded for words, _ in c.forms}
    if not names:
        return []
    found = []
    for m in _occurrences(doc, names):
        start, end = _with_honorific(doc.text, m.start(), m.end())
        before = _word_before(doc.text, start)
        if before and _title_gender(before[0]) is not False:
            start = before[1]  # 'Mr. Woodhouse', title and all
        mention = _parse(doc.text, start, end)
        if mention:
            found.append(mention)
    return found + _cast_descriptions(doc, seeded)


def _cast_descriptions(doc: Document, seeded: list[Character]) -> list[Mention]:
    """A cast name such as 'The Cook' also matches 'the cook' in lower case, after 'the'."""
    forms = {}
    for c in seeded:
        for name in (c.cast.name, *c.cast.aliases):
            if name.lower().startswith("the ") and (parsed := _parse(name, 0, len(name))):
                forms[name[4:].strip().lower()] = parsed.words
    if not forms:
        return []
    return [Mention(m.start(1), m.end(1), forms[_matched(m).lower()], epithet=True)
            for m in _occurrences(doc, forms, before=r"the\s+", flags=re.IGNORECASE)]


def _occurrences(doc: Document, names, before: str = "", flags: int = 0):
    """Whole-word matches in the story text of any of `names` (longest first), each name as group 1,
    after the pattern `before` if given."""
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"\b{before}({alternatives})\b", flags)
    for para_start, para_end in _story_ranges(doc):
        yield from pattern.finditer(doc.text, para_start, para_end)


def _matched(m: re.Match) -> str:
    """The name an `_occurrences` match found, its words parted by single spaces."""
    return " ".join(m.group(1).split())


def _with_honorific(text: str, start: int, end: int) -> tuple[int, int]:
    m = _HONORIFIC_TAIL.match(text, end)
    return start, (m.end() if m and m.group(1) in lexicon.words("honorifics") else end)


# ---------------------------------------------------------------- clustering

def cluster(mentions: list[Mention], seeded: list[Character] | None = None,
            apart: frozenset[tuple[str, str, str]] = frozenset()) -> list[Character]:
    """The user's cast first, then longest names make characters; shorter names join the one
    character they fit: by whole name, by name words, clipped before an honorific, or as a diminutive.
    `apart` holds the (family name, title, given name) a text names side by side (`_seen_apart`)."""
    by_name: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_name[(m.words, m.title)].append(m)
    order = sorted(by_name, key=lambda key: (-len(key[0]), key[1] is None, -len(by_name[key])))
    families = _family_names(mentions)
    characters: list[Character] = list(seeded or ())
    for words, title in order:
        group = by_name[(words, title)]
        if not any(m.strong for m in group):
            continue
        form = (words, _same_title(title) if title else None)
        target = next((c for c in characters if form in c.forms), None)
        target = target or _match(characters, words, title, families, apart)
        if target is None and any(m.honorific for m in group):
            target = _clipped(characters, words)
        if target is None:
            target = _diminutive(characters, words)
        if target is None:
            target = Character(set(words), words, _gender_of(title), title if _gender_of(title) else None)
            characters.append(target)
        target.mentions += group
        if title:
            target.titles.add(_same_title(title))
        if title and not target.title and _gender_of(title):
            target.title, target.gender = title, _gender_of(title)
    _attach_weak(characters, by_name, families, apart)
    return _merge_misspellings(characters)


def _link_epithets(doc: Document, characters: list[Character]) -> list[Character]:
    """'Kakashi, the Rokudaime,' or 'the Rokudaime was Kakashi': a title used as a name joins the
    one named character the text equates it with, by apposition or by 'to be', or else, a title
    alone ('the Major'), the one holding it (`_title_holder`)."""
    tokens = doc.tokens
    owner: dict[int, Character] = {}
    for c in characters:
        for m in c.mentions:
            owner[tokens.ending_at(m.end)] = c
    subject = {tokens.head[i]: i for i in range(len(tokens)) if tokens.dep[i] == "nsubj"}
    links: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # epithet -> named -> sentences
    for i in range(len(tokens)):
        other = None
        if tokens.dep[i] == "appos":
            other = tokens.head[i]
        elif tokens.dep[i] == "attr" and tokens.lemma[tokens.head[i]] == "be":
            other = subject.get(tokens.head[i])
        a, b = owner.get(i), owner.get(other) if other is not None else None
        if a is not None and b is not None and a is not b and not (a.cast and b.cast):  # the user's two are two
            for title, named in ((a, b), (b, a)):
                if _is_epithet(title) and not _is_epithet(named):
                    links[id(title)][id(named)].add(tokens.sent[i])
    by_id = {id(c): c for c in characters}
    for c in characters:
        holder = _title_holder(c, characters) if c.cast is None and id(c) not in links else None
        if holder is not None:
            links[id(c)][id(holder)] = set()
    kept = []
    for c in characters:
        named = [(by_id[n], linking) for n, linking in links.get(id(c), {}).items()]
        if len(named) == 1 and _same_one(doc, c, *named[0]):
            named[0][0].mentions += c.mentions
        else:
            kept.append(c)
    return kept


def _title_holder(epithet: Character, characters: list[Character]) -> Character | None:
    """'the Major' is Major Callendar: an epithet that is a title alone stands for the one character
    holding that title, or for the holder whose mentions outnumber any other's DOMINANT times (Major
    Roberts, met twice, is not 'the Major')."""
    if len(epithet.full) != 1 or not _is_epithet(epithet) or epithet.full[0].lower() not in lexicon.titles():
        return None
    title = _same_title(epithet.full[0].lower())
    return _dominant([c for c in characters if c is not epithet and title in c.titles and not _is_epithet(c)])


def _dominant(characters: list[Character]) -> Character | None:
    """The one character, or the one whose mentions outnumber every other's DOMINANT times."""
    ranked = sorted(characters, key=lambda c: -len(c.mentions))
    if not ranked or len(ranked) > 1 and len(ranked[0].mentions) < DOMINANT * len(ranked[1].mentions):
        return None
    return ranked[0]


def _same_one(doc: Document, epithet: Character, named: Character, linking: set[int]) -> bool:
    """Whether a link ('Jack Dawkins, the Dodger') is believable: not a name seen a few times
    taking a title used far more ('young Milner, the new City Magistrate': 1 against 31), and not
    two the text keeps apart, mentioned in the same sentences again and again (a misparsed 'the
    General is in her debt, as well as De Griers', who share 24 more sentences); `linking`: the
    sentences that set them side by side."""
    if len(named.mentions) < TINY_NAME and len(epithet.mentions) >= FAR_MORE * len(named.mentions):
        return False
    sentences = [{doc.tokens.sent[doc.tokens.ending_at(m.end)] for m in c.mentions} for c in (epithet, named)]
    return len((sentences[0] & sentences[1]) - linking) < EPITHET_APART


def _is_epithet(c: Character) -> bool:
    return sum(m.epithet for m in c.mentions) * 2 > len(c.mentions)


def _merge_misspellings(characters: list[Character]) -> list[Character]:
    """'Kakahsi' is Kakashi: one edit (a swap counts as one) from a name used ten times as often."""
    from rapidfuzz.distance import DamerauLevenshtein

    characters.sort(key=lambda c: -len(c.mentions))
    kept: list[Character] = []
    for c in characters:
        target = None
        if len(c.full) == 1 and len(c.full[0]) >= 5 and c.cast is None:
            for big in kept:
                near = any(DamerauLevenshtein.distance(c.full[0], w) == 1 and c.full[0].rstrip("s") != w.rstrip("s")
                           for w in big.words if len(w) >= 5)
                if near and len(big.mentions) >= 10 * len(c.mentions):
                    target = big
                    break
        if target is None:
            kept.append(c)
        else:
            target.mentions += c.mentions
    return kept


def _seen_apart(doc: Document, mentions: list[Mention]) -> frozenset[tuple[str, str, str]]:
    """(family name, title, given name) for a titled family name and a given name that the text
    sets apart in at least APART_PARAGRAPHS paragraphs: in one sentence, side by side ('George and
    Mr. Emerson') or as speaker and one called ('"George," said Mr. Emerson'); or in a paragraph
    whose one speaker is the titled name, the given name in its speech ('"George!" cried Mr.
    Emerson. "Ask your driver which way George went."'). Two people, then, though one man may be
    called both ('Mr. Darcy' is Fitzwilliam Darcy)."""
    if not doc.sentences:
        return frozenset()
    quoted = quote_locator([q for q in doc.quotes if q.parent is None])  # nested ones lie inside
    paragraph_of = [p.start for p in doc.paragraphs]
    seen: dict[tuple[str, str, str], set[int]] = defaultdict(set)

    def note(titled: Mention, named: Mention) -> None:
        key = (titled.words[0], _same_title(titled.title), named.words[0])
        seen[key].add(bisect.bisect_right(paragraph_of, titled.start) - 1)

    for group in _grouped(mentions, [s.start for s in doc.sentences]):
        for titled, named in _titled_and_named(group):
            if _side_by_side(doc.text, titled, named) or _speaker_and_called(quoted, titled, named):
                note(titled, named)
    for group in _grouped(mentions, paragraph_of):
        speakers = [m for m in group if m.acts and not _inside(quoted, m)]
        for titled, named in _titled_and_named(group):
            if speakers == [titled] and _inside(quoted, named):
                note(titled, named)
    return frozenset(key for key, paras in seen.items() if len(paras) >= APART_PARAGRAPHS)


def _grouped(mentions: list[Mention], starts: list[int]) -> list[list[Mention]]:
    """Mentions grouped by the span (sentence or paragraph) they start in, given the spans' starts."""
    groups: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[bisect.bisect_right(starts, m.start) - 1].append(m)
    return list(groups.values())


def _titled_and_named(group: list[Mention]):
    """Pairs of a titled family name ('Mr. Emerson') and an untitled name of another word ('George')."""
    for titled in (m for m in group if m.title and len(m.words) == 1):
        for named in (m for m in group if not m.title and m.words[0] != titled.words[0]):
            yield titled, named


def _side_by_side(text: str, a: Mention, b: Mention) -> bool:
    first, second = sorted((a, b), key=lambda m: m.start)
    return text[first.end:second.start].strip() in ("and", "&")


def _speaker_and_called(quoted, a: Mention, b: Mention) -> bool:
    """One speaks (outside the quote) and the other is named inside it; `quoted` locates quotes."""
    return any(x.acts and not _inside(quoted, x) and _inside(quoted, y) for x, y in ((a, b), (b, a)))


def _inside(quoted, m: Mention) -> bool:
    q = quoted(m.start)
    return q is not None and m.end <= q.end


def _family_names(mentions: list[Mention]) -> dict[str, frozenset[str]]:
    """Names seen after titles of both genders ('Mr. Bennet', 'Mrs. Bennet'): a family, not a person.
    Each with the given names of its men that the text writes in full ('Henry Crawford'), or none
    when it writes a 'Mr.' with a given name MR_WITH_GIVEN times ('Mr. John Knightley'): then the
    bare 'Mr. Knightley' is another man, whose given name the text does not need."""
    genders: dict[str, set] = defaultdict(set)
    men: dict[str, set] = defaultdict(set)
    mr_given: Counter = Counter()
    for m in mentions:
        if m.title and len(m.words) == 1 and _gender_of(m.title):
            genders[m.words[0]].add(_gender_of(m.title))
        if len(m.words) == 2 and _gender_of(m.title) != "F" and lexicon.name_gender(m.words[0]) != "F":
            men[m.words[1]].add(m.words[0])
            mr_given[m.words[1]] += bool(m.title) and _same_title(m.title) == "mr"
    return {name: frozenset(men[name]) if mr_given[name] < MR_WITH_GIVEN else frozenset()
            for name, seen in genders.items() if len(seen) > 1}


def _match(characters: list[Character], words: tuple[str, ...], title: str | None,
           families: dict[str, frozenset[str]], apart: frozenset = frozenset()) -> Character | None:
    gender = _gender_of(title)
    fits = [c for c in characters if _compatible(c, words, title, gender, families, apart)]
    if len(fits) > 1 and len(words) == 1 and (title or words[0] not in families):  # bare family names: below
        given = [c for c in fits if c.full[0] == words[0] or c.full[-1] == words[0] and len(c.full) == 1]
        fits = given if len(given) == 1 else fits
    if len(fits) > 1 and title:
        # 'Sir William' beside Sir William Lucas, William Collins and William Goulding
        same = [c for c in fits if _same_title(title) in c.titles]
        fits = same if len(same) == 1 else fits
    if len(fits) > 1 and not title:
        # 'Bingley' alone, beside Mr. and Miss Bingley: a bare family name is the man's (English usage)
        men = [c for c in fits if c.gender == "M"]
        fits = men if len(men) == 1 else fits
    if len(fits) > 1 and not title and len(words) == 1 and words[0] not in families:
        fits = _usual_bearer(fits, words[0])
    return fits[0] if len(fits) == 1 else None


def _usual_bearer(fits: list[Character], given: str) -> list[Character]:
    """'Tom' alone is Tom Bertram (14 full mentions), not Tom Oliver (1): the one character of that
    given name whose full name the text uses DOMINANT times as often as any other's."""
    bearers = [c for c in fits if c.full[0] == given]
    usual = _dominant(bearers) if len(bearers) == len(fits) else None
    return [usual] if usual is not None else fits


def _compatible(c: Character, words: tuple[str, ...], title: str | None, gender: str | None,
                families: dict[str, frozenset[str]], apart: frozenset = frozenset()) -> bool:
    if gender and c.gender and gender != c.gender:
        return False
    if title and len(words) == 1 and len(c.full) > 1 and c.cast is None:
        if gender and lexicon.name_gender(c.full[0]) not in (None, gender):
            return False  # 'Mr. Bennet' is not Elizabeth Bennet
        if (words[0], _same_title(title), c.full[0]) in apart:
            return False  # 'George and Mr. Emerson': the father, not the son
    if title and title not in KIN_TITLES and c.titles - KIN_TITLES and _same_title(title) not in c.titles:
        return False  # 'Mrs. Bates' is not 'Miss Bates'; 'Sir Thomas Bertram' is not 'Mr. Bertram'

    if set(words) <= c.words:
        if len(words) == 1 and len(c.full) > 1 and words[0] in families and c.full[-1] == words[0]:
            # 'Mr. Bennet' is not Elizabeth Bennet; 'Miss Quested' is Adela; 'Mr. Crawford' is Henry
            return _daughter(c, title) or _son(c, title, families[words[0]])
        if title and len(words) == 1 and len(c.full) > 1:
            # 'Mr. Darcy' is Fitzwilliam Darcy; 'Lady Catherine' is Catherine de Bourgh; 'Miss
            # Elizabeth' is Elizabeth Bennet
            given = title in GIVEN_NAME_TITLES or _given_name(words[0], gender)
            return c.full[-1] == words[0] or (given and c.full[0] == words[0])
        return True
    return False


def _given_name(word: str, gender: str | None) -> bool:
    """A known given name of the title's gender: 'Miss Elizabeth', 'Mr. Dorian'."""
    return word.lower() in lexicon.given_names() and lexicon.name_gender(word) in (None, gender)


def _daughter(c: Character, title: str | None) -> bool:
    """'Miss Quested' is Adela Quested, the one woman of that family the text gives a full name
    (`_match` leaves it alone when there are more: 'Miss Bertram' beside Maria and Julia Bertram)."""
    return bool(title) and _same_title(title) == "miss" and lexicon.name_gender(c.full[0]) == "F"


def _son(c: Character, title: str | None, men: frozenset[str]) -> bool:
    """'Mr. Crawford', or 'Crawford', is Henry Crawford when his is a man's given name and he is the
    one man of that family the text names in full (`_family_names`); not when the text writes 'Mr.
    John Knightley', since 'Mr. Knightley' is then his elder brother."""
    return ((not title or _same_title(title) == "mr") and men == {c.full[0]}
            and lexicon.name_gender(c.full[0]) == "M")


def _same_title(title: str) -> str:
    """The title a variant stands for: 'mister' is 'mr', 'capt' is 'captain'."""
    found = lexicon.titles().get(title)
    return found[1] if found else title


def _clipped(characters: list[Character], words: tuple[str, ...]) -> Character | None:
    """'Kaka' of Kaka-sensei: a given name clipped to at least three letters before an honorific."""
    if len(words) != 1 or len(words[0]) < 3:
        return None
    fits = [c for c in characters if any(w != words[0] and w.startswith(words[0]) for w in c.words)]
    return fits[0] if len(fits) == 1 else None


def _diminutive(characters: list[Character], words: tuple[str, ...]) -> Character | None:
    """'Lizzy' is the one character whose given name is Elizabeth (the nickname table decides)."""
    if len(words) != 1:
        return None
    formal = lexicon.diminutives().get(words[0].lower(), frozenset()) - {words[0].lower()}
    fits = [c for c in characters if c.full[0].lower() in formal and not c.titles & GIVEN_NAME_TITLES]
    return fits[0] if len(fits) == 1 else None


def _attach_weak(characters: list[Character], by_name: dict, families: dict[str, frozenset[str]],
                 apart: frozenset) -> None:
    """Repeated occurrences join the character their name fits, if exactly one."""
    for (words, title), group in by_name.items():
        if any(m.strong for m in group):
            continue
        target = _match(characters, words, title, families, apart)
        if target is not None:
            target.mentions += group


def _gender_of(title: str | None) -> str | None:
    if not title:
        return None
    gender = _title_gender(title)
    return gender if gender else None


# ---------------------------------------------------------------- output

def _write(doc: Document, characters: list[Character]) -> None:
    characters = sorted((c for c in characters if c.mentions or c.cast), key=lambda c: -len(c.mentions))
    doc.characters, doc.mentions = [], []
    for n, c in enumerate(characters):
        cid = f"c{n}"
        c.mentions.sort(key=lambda m: m.start)
        surfaces = Counter(_surface(doc.text, m) for m in c.mentions)
        honorifics = Counter(m.honorific for m in c.mentions if m.honorific)
        doc.characters.append({
            "id": cid,
            "name": c.cast.name if c.cast else _display_name(doc, c),
            "aliases": [{"text": t, "count": k} for t, k in surfaces.most_common()],
            "pronouns": c.cast.pronouns if c.cast else None,
            "gender": c.gender,
            "honorifics": [{"honorific": h, "count": k} for h, k in honorifics.most_common()],
            "mention_count": len(c.mentions),
            "first": c.mentions[0].start if c.mentions else None,
            "last": c.mentions[-1].start if c.mentions else None,
            "cast": c.cast is not None,
        })
        doc.mentions += [{"start": m.start, "end": m.end, "character": cid, "kind": "proper"} for m in c.mentions]
    doc.mentions.sort(key=lambda m: m["start"])


def _mostly_after_the(text: str, mentions: list[Mention]) -> bool:
    """'said the Hatter': a name written after 'the' more often than not is a description used as one."""
    after = sum(text[max(0, m.start - 4):m.start].lower() == "the " or m.epithet for m in mentions)
    return after * 2 > len(mentions)


def _take_the(text: str, mentions: list[Mention]) -> None:
    """'the Hatter' is the name, 'the' included: widen each mention over the article before it."""
    for m in mentions:
        if text[max(0, m.start - 4):m.start].lower() == "the ":
            m.start -= 4
            m.epithet = True


def _surface(text: str, m: Mention) -> str:
    return " ".join(text[m.start:m.end].split())


def _display_name(doc: Document, c: Character) -> str:
    """The most complete proper name: most name words, then most frequent; with its title as
    written when the text gives it one ('Mrs. John Knightley'); possessives and honorifics dropped."""
    forms = Counter((m.words, m.title, m.epithet) for m in c.mentions)
    epithet_words = {w for m in c.mentions if m.epithet for w in m.words}
    if any(not m.epithet and not set(m.words) <= epithet_words for m in c.mentions):
        forms = Counter({k: n for k, n in forms.items() if not k[2]})  # a name beside a title: the name
    (words, title, epithet), _ = max(forms.items(), key=lambda kv: (len(kv[0][0]), kv[1], not kv[0][2]))
    if epithet:
        return "the " + " ".join(words)
    if not title:
        return " ".join(words)
    written = next(_surface(doc.text, m) for m in c.mentions if (m.words, m.title, m.epithet) == (words, title, False))
    return _POSSESSIVE.sub("", written)
