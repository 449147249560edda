"""Coreference: pronouns and descriptions ("the old man") linked to the characters they refer to.

The characters stage leaves proper-name mentions. This stage walks the story in reading order and
keeps, for every character, where and how it was last mentioned and which pronouns have been used
for it. Each third-person pronoun in the story and each description whose head noun names a person
is scored against the recently mentioned characters by a small learned ranker (LightGBM, trained on
LitBank by scripts/train_coref.py); the best candidate wins when its score clears a threshold, or the
mention is left unlinked. First-person pronouns in narration belong to a narrator character.
I, me and you inside quotations are kept as unlinked mentions for attribution to resolve.
"""
from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ficlens import lexicon
from ficlens.document import Document, Quote, quote_locator
from ficlens.ranker import Ranker, load

THIRD_PERSON = {
    "he": "M", "him": "M", "his": "M", "himself": "M",
    "she": "F", "her": "F", "hers": "F", "herself": "F",
    "they": "P", "them": "P", "their": "P", "theirs": "P", "themselves": "P", "themself": "P",
}
FIRST_PERSON = frozenset("i me my mine myself".split())
SECOND_PERSON = frozenset("you your yours yourself".split())
REFLEXIVE = frozenset("himself herself themselves themself myself yourself".split())
SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass"))
POSSESSIVE_DETERMINERS = frozenset("his her their my your our its".split())
DEFINITE = frozenset(("the", "this", "that"))
NOMINAL_DETERMINERS = DEFINITE | POSSESSIVE_DETERMINERS
INDEFINITE = frozenset(("a", "an", "another", "one"))
RELATIVE = frozenset(("who", "whom", "whose"))
NOMINAL_MODIFIER_DEPS = frozenset(("det", "amod", "compound", "poss", "nummod", "advmod", "npadvmod", "punct"))
QUOTE_KINDS = ("speech", "thought", "written")
EQUATING = ("appos", "attr")  # a name and a description so joined are one person
MAX_CANDIDATES = 8
WINDOW_TOKENS = 600
SAYING = frozenset("say ask reply answer whisper shout cry call mutter murmur exclaim yell respond".split())
GENDER_CODE = {None: 0, "M": 1, "F": 2, "P": 3}
PRONOUNS_OF = {"M": "he/him", "F": "she/her", "P": "they/them"}  # P: they, plural or singular
PRONOUN_GENDER = {pronouns: gender for gender, pronouns in PRONOUNS_OF.items()}


@dataclass(slots=True)
class Event:
    """One mention in reading order: a proper name (character known) or a mention to resolve."""

    token: int  # the head token's row in doc.tokens
    start: int
    end: int
    kind: str  # proper, pronoun, nominal, new_nominal, group, narrator, speech_pronoun or relative
    character: str | None = None
    gender: str | None = None  # gender (or P for plural 'they') the words themselves carry
    quote: str | None = None  # id of the quotation the mention is inside, if any
    possessed: bool = False  # a description under a possessive: 'his mother'


@dataclass(slots=True)
class State:
    """What the reader remembers of one character at this point of the story."""

    last_token: int = -1
    last_sent: int = -1
    last_para: int = -1
    last_kind: int = 0
    last_subject: bool = False
    last_subject_token: int = -10**9
    last_in_quote: bool = False
    count: int = 0
    names: int = 0  # proper-name mentions so far
    last_name_token: int = -1
    votes: Counter = field(default_factory=Counter)
    prior: str | None = None


# ---------------------------------------------------------------- mentions

def events(doc: Document) -> list[Event]:
    """Every mention the stage reads or resolves, in text order."""
    tokens = doc.tokens
    quotes = quote_locator([q for q in doc.quotes if q.kind in QUOTE_KINDS])
    proper = _proper_events(doc, quotes)
    taken = {e.token for e in proper}
    out = list(proper)
    story = _story_tokens(doc)
    kinds = _speaking_nouns(doc) | lexicon.person_nouns()  # the lexicon's gender wins
    for i in range(len(tokens)):
        if i in taken or not story[i]:
            continue
        word = doc.text[tokens.start[i]:tokens.end[i]].lower()
        quote = _quote_id(quotes, tokens.start[i])
        event = _pronoun_event(doc, i, word, quote) or _nominal_event(doc, i, quote, kinds)
        if event is not None:
            out.append(event)
    out.sort(key=lambda e: e.start)
    return out


def _pronoun_event(doc: Document, i: int, word: str, quote: str | None) -> Event | None:
    tokens = doc.tokens
    if tokens.pos[i] not in ("PRON", "DET"):
        return None
    start, end = tokens.start[i], tokens.end[i]
    if word in THIRD_PERSON:
        return Event(i, start, end, "pronoun", gender=THIRD_PERSON[word], quote=quote)
    if word in FIRST_PERSON:
        return Event(i, start, end, "speech_pronoun" if quote else "narrator", quote=quote)
    if word in SECOND_PERSON and quote:
        return Event(i, start, end, "speech_pronoun", quote=quote)
    if word in RELATIVE and tokens.dep[tokens.head[i]] == "relcl":
        return Event(i, start, end, "relative", quote=quote)
    return None


def _speaking_nouns(doc: Document) -> dict[str, str]:
    """Nouns this story has say something at least twice ('the kunoichi said'): people here."""
    tokens, text = doc.tokens, doc.text
    seen = Counter(tokens.lemma[i].lower() for i in range(1, len(tokens))
                   if _common_noun(doc, i) and tokens.dep[i] == "nsubj"
                   and tokens.lemma[tokens.head[i]] in SAYING
                   and text[tokens.start[i - 1]:tokens.end[i - 1]].lower() == "the")
    return {noun: "" for noun, n in seen.items() if n >= 2}


def _nominal_event(doc: Document, i: int, quote: str | None, kinds: dict[str, str]) -> Event | None:
    """'the old man', 'the pink-haired kunoichi', 'his mother': a noun phrase whose head names a person.
    Definite ones may refer to a character met before; indefinite ones bring someone new; plural
    ones ('the men') are mentions of groups, linked to no character."""
    tokens = doc.tokens
    if not _common_noun(doc, i) or tokens.tag[i] not in ("NN", "NNP", "NNS"):
        return None
    gender = kinds.get(tokens.lemma[i].lower())
    if gender is None:
        return None
    first = _nominal_start(doc, i)
    det = doc.text[tokens.start[first]:tokens.end[first]].lower()
    if tokens.tag[i] == "NNS":
        kind = "group"
    elif det in NOMINAL_DETERMINERS:
        kind = "nominal"
    elif det in INDEFINITE:
        kind = "new_nominal"  # 'a tall man' brings someone new into the story
    else:
        return None
    event = Event(i, tokens.start[first], tokens.end[i], kind, gender=gender or None, quote=quote)
    event.possessed = det in POSSESSIVE_DETERMINERS
    return event


def _common_noun(doc: Document, i: int) -> bool:
    """A common noun, or one the tagger took for a name though it is written small: in '"Well?"
    said the matron.' spaCy often reads 'matron' as a proper noun."""
    tokens = doc.tokens
    return tokens.pos[i] == "NOUN" or tokens.pos[i] == "PROPN" and doc.text[tokens.start[i]].islower()


def _nominal_start(doc: Document, i: int) -> int:
    """First token of the noun phrase: walk left over the noun's determiner and modifiers."""
    tokens = doc.tokens
    j = i
    while j > 0 and tokens.sent[j - 1] == tokens.sent[i] and _modifies(tokens, j - 1, i):
        j -= 1
    return j


def _modifies(tokens, j: int, head: int) -> bool:
    for _ in range(3):
        if tokens.dep[j] not in NOMINAL_MODIFIER_DEPS:
            return False
        j = tokens.head[j]
        if j == head:
            return True
    return False


def _proper_events(doc: Document, quotes) -> list[Event]:
    return [Event(doc.tokens.ending_at(m["end"]), m["start"], m["end"], "proper", character=m["character"],
                  quote=_quote_id(quotes, m["start"]))
            for m in doc.mentions if m["kind"] == "proper"]


def _quote_id(quotes: Callable[[int], Quote | None], offset: int) -> str | None:
    q = quotes(offset)
    return q.id if q else None


def _story_tokens(doc: Document) -> list[bool]:
    story = [p.region == "story" for p in doc.paragraphs]
    return [story[p] for p in doc.tokens.para]


# ---------------------------------------------------------------- features

FEATURES = (
    "kind", "gender", "possessive", "reflexive", "subject", "in_quote", "rank", "log_tokens", "sentences",
    "paragraphs", "last_kind", "last_subject", "last_in_quote", "same_quote_side", "votes_m", "votes_f",
    "votes_p", "prior", "agree", "agree_rank", "log_count", "subject_rank", "same_sentence_subject",
    "candidates", "quote_para_distance", "unnamed", "compatible", "possessed", "log_names",
    "log_tokens_since_name",
)


class Resolver:
    """Reading-order state and the candidate features shared by training and prediction."""

    def __init__(self, doc: Document, priors: dict[str, str | None], evs: list[Event] = ()):
        self.doc = doc
        self.tokens = doc.tokens
        self.names_in: dict[int, list[Event]] = defaultdict(list)  # sentence -> the names in it
        self.apart: dict[str, set[str]] = defaultdict(set)  # description -> characters named beside it
        for e in evs:
            if e.kind == "proper" and e.character:
                self.names_in[self.tokens.sent[e.token]].append(e)
        self.states: dict[str, State] = {}
        self.priors = dict(priors)
        self.unnamed: dict[str, Event] = {}  # characters first met as a description, by id
        self.by_token: dict[int, str] = {}  # head token of each linked mention -> its character
        self.pronoun_score = 0.0  # the best candidate's score summed over he and she in narration
        self.families = _families(doc)  # character -> family names; ('mrs', 'Bennet') -> characters
        self.owners: dict[int, str | None] = {}  # start of a possessive pronoun -> its character

    def candidates(self, e: Event) -> list[str]:
        """The characters met lately, most recent first, but not one whose gender is known before any
        pronoun is resolved (a title, a given name, the user's pronouns) and is not this mention's:
        'she' is never Kakashi, however central he is."""
        apart = self._named_apart(e)
        recent = [(s.last_token, c) for c, s in self.states.items() if e.token - s.last_token <= WINDOW_TOKENS
                  and not _opposite(e.gender, s.prior) and c not in apart]
        recent.sort(reverse=True)
        return [c for _, c in recent[:MAX_CANDIDATES]]

    def _named_apart(self, e: Event) -> set[str]:
        """The characters a description cannot be: those named elsewhere in its sentence ('The old
        woman stares down at Sakura'), unless the name and the description are equated ('Chiyo, the
        old woman,'; 'the old woman was Chiyo'), or next to the same description anywhere before."""
        t = self.tokens
        if e.kind != "nominal":
            return set()
        words = self.doc.text[e.start:e.end].lower().split()
        key = " ".join(words[1:] if words[0] in NOMINAL_DETERMINERS else words)
        here = set() if t.dep[e.token] in EQUATING else {
            n.character for n in self.names_in.get(t.sent[e.token], ())
            if t.dep[n.token] not in EQUATING and t.head[n.token] != e.token}
        self.apart[key] |= here  # the same description elsewhere is not them either
        return self.apart[key]

    def features(self, e: Event, cands: list[str]) -> list[list[float]]:
        t = self.tokens
        agree = [self._agree(e, c) for c in cands]
        agree_rank = _ranks([a < 0.5 for a in agree])
        subj_order = sorted(range(len(cands)), key=lambda k: -self.states[cands[k]].last_subject_token)
        subject_rank = [0] * len(cands)
        for r, k in enumerate(subj_order):
            subject_rank[k] = r
        word = self.doc.text[e.start:e.end].lower()
        rows = []
        for k, c in enumerate(cands):
            s = self.states[c]
            same_sentence_subject = s.last_sent == t.sent[e.token] and s.last_subject and t.dep[e.token] in (
                "dobj", "pobj", "dative") and word not in REFLEXIVE
            rows.append([
                1.0 if e.kind == "nominal" else 0.0,
                GENDER_CODE.get(e.gender, 0),
                1.0 if t.dep[e.token] == "poss" else 0.0,
                1.0 if word in REFLEXIVE else 0.0,
                1.0 if t.dep[e.token] in SUBJECT_DEPS else 0.0,
                1.0 if e.quote else 0.0,
                k,
                math.log1p(max(e.token - s.last_token, 0)),
                t.sent[e.token] - s.last_sent,
                t.para[e.token] - s.last_para,
                s.last_kind,
                1.0 if s.last_subject else 0.0,
                1.0 if s.last_in_quote else 0.0,
                1.0 if s.last_in_quote == bool(e.quote) else 0.0,
                math.log1p(s.votes["M"]),
                math.log1p(s.votes["F"]),
                math.log1p(s.votes["P"]),
                GENDER_CODE.get(s.prior, 0),
                agree[k],
                agree_rank[k],
                math.log1p(s.count),
                subject_rank[k],
                1.0 if same_sentence_subject else 0.0,
                len(cands),
                self._quote_distance(e, s),
                1.0 if c in self.unnamed else 0.0,
                sum(a >= 0.5 for a in agree),
                1.0 if e.possessed else 0.0,
                math.log1p(s.names),
                math.log1p(max(e.token - s.last_name_token, 0)) if s.names else 12.0,
            ])
        return rows

    def _agree(self, e: Event, c: str) -> float:
        """How well the character's pronouns so far (and its title or name) fit this mention's gender."""
        if not e.gender:
            return 0.5
        s = self.states[c]
        votes = Counter(s.votes)
        if s.prior:
            votes[s.prior] += 2
        total = sum(votes.values())
        return (votes[e.gender] + 0.5) / (total + 1.5) if total else 0.5

    def _quote_distance(self, e: Event, s: State) -> float:
        return min(self.tokens.para[e.token] - s.last_para, 5) if e.quote else -1.0

    def new_character(self, e: Event) -> str:
        """Someone known so far only by a description ('the old man'), a character from here on."""
        cid = f"n{len(self.unnamed)}"
        self.unnamed[cid] = e
        self.priors[cid] = e.gender
        return cid

    def spouse_or_parent(self, e: Event) -> str | None:
        """'his wife' is Mrs. Bennet when 'his' is Mr. Bennet; 'her father' is Mr. Grey when 'her' is
        Anna Grey: the one character called by the title of that tie and the owner's family name."""
        tie = KIN_TITLES.get(self.tokens.lemma[e.token].lower())
        owner = self.owners.get(e.start) if e.possessed and tie else None
        if owner is None:
            return None
        (titles, owner_titles), (families, by_title) = tie, self.families
        names = [n for n in families.get(owner, ())
                 if owner_titles is None or any(owner in by_title.get((t, n), ()) for t in owner_titles)]
        found = {c for n in names for t in titles for c in by_title.get((t, n), ())} - {owner}
        return found.pop() if len(found) == 1 else None

    def relative_antecedent(self, e: Event) -> str | None:
        """'who' in 'Mr. Lorry, who...' is the noun the relative clause hangs on."""
        noun = self.tokens.head[self.tokens.head[e.token]]
        return self.by_token.get(noun)

    def update(self, e: Event, character: str | None) -> None:
        """Remember this mention of `character`; a pronoun in narration counts towards its gender."""
        if character is None:
            return
        self.by_token[e.token] = character
        s = self.states.get(character)
        if s is None:
            s = self.states[character] = State(prior=self.priors.get(character))
        t = self.tokens
        s.last_token, s.last_sent, s.last_para = e.token, t.sent[e.token], t.para[e.token]
        s.last_kind = {"proper": 0, "pronoun": 1, "nominal": 2}.get(e.kind, 0)
        s.last_subject = t.dep[e.token] in SUBJECT_DEPS
        if s.last_subject:
            s.last_subject_token = e.token
        s.last_in_quote = bool(e.quote)
        s.count += 1
        if e.kind == "proper":
            s.names += 1
            s.last_name_token = e.token
        if e.kind == "pronoun" and not e.quote:
            s.votes[e.gender] += 1


MEN, WOMEN = ("mr", "sir"), ("mrs", "lady")
# a tie -> the titles that call the one so tied, and those that must call the owner ('his wife' is
# Mrs. Bennet when 'his' is Mr. Bennet, not when he is a son of the family); None: any owner
KIN_TITLES = {"wife": (WOMEN, MEN), "husband": (MEN, WOMEN), "mother": (WOMEN, None), "mamma": (WOMEN, None),
              "mama": (WOMEN, None), "father": (MEN, None), "papa": (MEN, None)}


def _families(doc: Document) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """Each named character's family names (the last word of a name of two words or more, not a
    given name: 'Bennet' of 'Elizabeth Bennet' and of 'Mrs. Bennet'), and the characters each
    title and family name call ('mrs', 'Bennet')."""
    families: dict[str, set[str]] = defaultdict(set)
    by_title: dict[tuple[str, str], set[str]] = defaultdict(set)
    titles, given = lexicon.titles(), lexicon.given_names()
    for c in doc.characters:
        for name in [c["name"]] + [a["text"] for a in c.get("aliases", ())]:
            words = name.split()
            if len(words) < 2 or not words[-1][:1].isupper() or words[-1].lower() in given:
                continue
            families[c["id"]].add(words[-1])
            title = titles.get(words[0].lower().rstrip("."))
            if title and len(words) == 2:
                by_title[(title[1], words[-1])].add(c["id"])
    return families, by_title


def _opposite(gender: str | None, prior: str | None) -> bool:
    return {gender, prior} == {"M", "F"}


def _ranks(bad: list[bool]) -> list[int]:
    """Position of each candidate among the good ones (bad ones rank after all good ones)."""
    out, r = [], 0
    for b in bad:
        out.append(99 if b else r)
        r += 0 if b else 1
    return out


# ---------------------------------------------------------------- the model

def load_ranker() -> Ranker | None:
    return load("coref_ranker", FEATURES)


# ---------------------------------------------------------------- the stage

def resolve(doc: Document, ranker: Ranker | None = None) -> None:
    """Link pronouns and descriptions to characters; add the narrator; update the character table."""
    ranker = ranker or load_ranker()
    evs = events(doc)
    priors = gender_priors(doc, evs)
    narrator = "narrator" if _has_narrator(evs) else None
    if ranker is not None:
        priors = _likeliest_genders(doc, evs, priors, narrator, ranker)
    reading = _link(doc, evs, priors, narrator, ranker)
    if ranker is not None:  # read again, knowing the genders the first reading settled
        _unlink(evs)
        settled = _settled_genders(reading)
        priors = {c: g or settled.get(c) for c, g in priors.items()}
        reading = _link(doc, evs, priors, narrator, ranker)
    finish(doc, evs, narrator, reading.unnamed, priors, _leanings(doc, evs, priors))


OPEN_GENDERS = 2  # most-named characters of unknown gender whose he/she combinations are tried
MIN_NAMES_TRIED = 3
LEADS = 4  # only the story's leads: a minor character's gender is not worth four readings
MIN_READING_GAP = 1.0  # how much better the story must read with a lead's gender than with the other
OTHER_GENDER = {"M": "F", "F": "M"}


def _likeliest_genders(doc: Document, evs: list[Event], priors: dict, narrator: str | None,
                       ranker: Ranker) -> dict:
    """The leads (characters named most) whose gender nothing settles (no title, no given name, too little
    strong evidence) get the combination of he and she under which the story reads best: each
    combination is a reading with those genders as priors, scored by the sum over he and she in
    narration of the best candidate's score (a pronoun left without a fitting candidate adds
    nothing). Unlike genders read off a first reading's links, no single early link can decide it."""
    names = Counter(e.character for e in evs if e.kind == "proper")
    open_ = [c for c, n in names.most_common(LEADS) if n >= MIN_NAMES_TRIED and priors.get(c) is None
             and c in priors][:OPEN_GENDERS]
    if not open_:
        return priors
    scores = {}
    for combo in _combinations(len(open_)):
        trial = {**priors, **dict(zip(open_, combo))}
        scores[combo] = _link(doc, evs, trial, narrator, ranker).pronoun_score
        _unlink(evs)
    best = max(scores, key=scores.get)  # the first combination of the best score
    chosen = dict(priors)
    for k, c in enumerate(open_):
        flipped = best[:k] + (OTHER_GENDER[best[k]],) + best[k + 1:]
        if scores[best] - scores[flipped] >= MIN_READING_GAP:
            chosen[c] = best[k]
    return chosen


def _combinations(n: int) -> list[tuple[str, ...]]:
    out = [()]
    for _ in range(n):
        out = [c + (g,) for c in out for g in ("M", "F")]
    return out


def _unlink(evs: list[Event]) -> None:
    for e in evs:
        if e.kind != "proper":
            e.character = None


def _settled_genders(resolver: Resolver) -> dict[str, str]:
    """The gender a first reading gives each character: that of the pronouns the character table
    would show (`_pronouns`), he or she."""
    out = {}
    for c, s in resolver.states.items():
        pronouns = _pronouns(s.votes)
        if pronouns:
            out[c] = PRONOUN_GENDER[pronouns]
    return out


def _link(doc: Document, evs: list[Event], priors: dict, narrator: str | None, ranker: Ranker | None) -> Resolver:
    """One reading in order: each pronoun and description linked to a character or left alone."""
    resolver = Resolver(doc, priors, evs)
    for e in evs:
        if e.kind == "narrator":
            e.character = narrator
            continue  # the narrator is never the antecedent of a third-person pronoun
        elif e.kind == "relative":
            e.character = resolver.relative_antecedent(e)
        elif e.kind == "nominal" and (kin := resolver.spouse_or_parent(e)):
            e.character = kin
        elif e.kind in ("pronoun", "nominal") and ranker is not None:
            e.character, score = decide(resolver, e, ranker)
            if e.kind == "pronoun" and not e.quote and e.gender in ("M", "F"):
                resolver.pronoun_score += score
        if e.kind == "pronoun":
            resolver.owners[e.start] = e.character
        if e.character is None and e.kind in ("nominal", "new_nominal"):
            e.character = resolver.new_character(e)
        resolver.update(e, e.character)
    return resolver


def gender_priors(doc: Document, evs: list[Event]) -> dict[str, str | None]:
    """Gender expected before any pronoun is resolved: the user's pronouns, a title, else strong
    evidence in the text (_strong_gender_votes) weighed together with the given name. The evidence is
    read again while it settles more characters: a gender settled in one round explains the other
    pronouns around a name in the next ('Kakashi took her hand. He...' once 'her' can be Sakura's)."""
    fixed = {c["id"]: PRONOUN_GENDER.get(c.get("pronouns") or "") or c.get("gender") for c in doc.characters}
    names = {c["id"]: lexicon.name_gender(c["name"]) for c in doc.characters}
    known = {c: g or names[c] for c, g in fixed.items()}
    for _ in range(GENDER_ROUNDS):
        votes = _strong_gender_votes(doc, evs, known)
        settled = {c: fixed[c] or _weigh(votes.get(c, Counter()), names[c]) for c in fixed}
        if settled == known:
            break
        known = settled
    return known


GENDER_ROUNDS = 3
NAME_VOTES = 3  # what a given name usually carrying a gender weighs against strong votes
MIN_MARGIN = 2  # strong votes the winning gender needs beyond the other one
NAMED_LATELY = 4  # sentences back in which another character named may be the pronoun's referent


def _weigh(votes: Counter, name_gender: str | None) -> str | None:
    """He or she from strong votes and the given name: the winner needs a clear margin and three in
    four of the votes; else nothing."""
    votes = Counter(votes)
    if name_gender:
        votes[name_gender] += NAME_VOTES
    m, f = votes["M"], votes["F"]
    gender, n, other = ("M", m, f) if m >= f else ("F", f, m)
    if n - other >= MIN_MARGIN and 4 * n >= 3 * (n + other):
        return gender
    return None


def _leanings(doc: Document, evs: list[Event], known: dict[str, str | None]) -> dict[str, str]:
    """The gender of each character whose strong votes, however few, all say one thing: too little to
    steer a reading ('Ino's jaw tightened. She said,' once), enough to tell a gender nothing else tells."""
    votes = _strong_gender_votes(doc, evs, known)
    return {c: gender for c, v in votes.items() for gender in v if len(v) == 1}


def _strong_gender_votes(doc: Document, evs: list[Event], known: dict[str, str | None]) -> dict[str, Counter]:
    """He and she that can only be one character, counted from the text and the genders `known` so
    far, never from resolved pronouns, so that one wrong guess cannot feed the next. A pronoun in
    narration votes for a character when
    - it is a reflexive ('Kakashi let himself in') in a clause whose subject is that name, or
    - it is he or she, subject of its sentence's main verb, and the stretch from the start of the
      previous sentence up to it names one character only, as a main subject in narration, with no
      quotation between them (_only_antecedent).
    Possessives never vote: in 'Kakashi took her hand' the 'her' is somebody else."""
    tokens = doc.tokens
    subject_of = {tokens.head[e.token]: e.character for e in evs
                  if e.kind == "proper" and not e.quote and tokens.dep[e.token] in SUBJECT_DEPS}
    starts = sorted(q.start for q in doc.quotes if q.kind in QUOTE_KINDS)
    votes: dict[str, Counter] = {}
    for k, e in enumerate(evs):
        if e.kind != "pronoun" or e.quote or e.gender not in ("M", "F"):
            continue
        word = doc.text[e.start:e.end].lower()
        if word in REFLEXIVE:
            character = subject_of.get(_clause_verb(tokens, e.token))
        elif word in ("he", "she") and main_subject(tokens, e.token):
            character = _only_antecedent(doc, evs, k, known, starts)
        else:
            continue
        if character:
            votes.setdefault(character, Counter())[e.gender] += 1
    return votes


def _only_antecedent(doc: Document, evs: list[Event], k: int, known: dict[str, str | None],
                     starts: list[int]) -> str | None:
    """The one character the subject pronoun evs[k] can refer to, or None. Nobody when
    - another character named in the last few sentences may be it (gender unknown or the pronoun's);
    - the stretch from the previous sentence holds another he, she, his or her of the pronoun's
      gender (a reflexive bound to the name aside: 'Sakura took his hand. He smiled.'), or one of the
      other gender that no character of that gender named lately accounts for ('Sakura bit her lip.
      He...' while nobody is known to be a woman);
    - it holds a description of a person the pronoun could mean ('Kakashi looked at the woman. She')."""
    tokens = doc.tokens
    e = evs[k]
    sent = tokens.sent[e.token]
    named, subject, others = set(), None, []
    for j in range(k - 1, -1, -1):
        o = evs[j]
        back = sent - tokens.sent[o.token]
        if back > NAMED_LATELY:
            break
        if o.kind == "proper":
            named.add(o.character)
            if back <= 1 and subject is None and not o.quote and main_subject(tokens, o.token):
                subject = o
        elif back > 1:
            continue
        elif o.kind == "pronoun" and o.gender in ("M", "F"):
            if o.gender == e.gender and not _bound_reflexive(doc, o, evs):
                return None
            others.append(o.gender)
        elif o.kind in ("nominal", "new_nominal") and o.gender in (None, e.gender):
            return None
    if subject is None or _quote_between(starts, subject.end, e.start):
        return None
    rivals = named - {subject.character}
    if any(known.get(c) in (None, e.gender) for c in rivals):
        return None
    if any(g != e.gender and not any(known.get(c) == g for c in rivals) for g in others):
        return None
    return subject.character


def _quote_between(starts: list[int], start: int, end: int) -> bool:
    """A quotation (of the sorted quote `starts`) between two offsets: its speaker may be someone else ('..." he said')."""
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def main_subject(tokens, i: int) -> bool:
    """The subject of a sentence's main verb ('Kakashi sighed'; not 'the way he feels', 'as she
    lifted Sarada'), or the owner of one ("Kakashi's eyes widened")."""
    if tokens.dep[i] == "poss":
        i = tokens.head[i]
    return tokens.dep[i] in SUBJECT_DEPS and tokens.dep[tokens.head[i]] == "ROOT"


def _bound_reflexive(doc: Document, o: Event, evs: list[Event]) -> bool:
    """'himself' in a clause whose subject is a name: it is that name's, no other antecedent."""
    if doc.text[o.start:o.end].lower() not in REFLEXIVE:
        return False
    verb = _clause_verb(doc.tokens, o.token)
    return any(p.kind == "proper" and doc.tokens.head[p.token] == verb and doc.tokens.dep[p.token] in SUBJECT_DEPS
               for p in evs if p.kind == "proper" and abs(p.token - o.token) < 40)


def _clause_verb(tokens, i: int) -> int:
    """The verb a token hangs from, a few steps up the parse."""
    for _ in range(4):
        i = tokens.head[i]
        if tokens.pos[i] in ("VERB", "AUX"):
            return i
    return -1


def decide(resolver: Resolver, e: Event, ranker: Ranker) -> tuple[str | None, float]:
    """The best-scoring candidate and its score; no character when the score is under the threshold."""
    cands = resolver.candidates(e)
    if not cands:
        return None, 0.0
    return ranker.best(cands, ranker.scores(resolver.features(e, cands)))


def _has_narrator(evs: list[Event]) -> bool:
    """A first-person narrator: I, me or my in narration, more than a stray handful of times."""
    first = sum(e.kind == "narrator" for e in evs)
    return first >= 3


def finish(doc: Document, evs: list[Event], narrator: str | None, unnamed: dict[str, Event],
           priors: dict[str, str | None], leanings: dict[str, str]) -> None:
    """Rewrite mentions and the character table: pronouns, gender, counts, ids by mention count; a
    character with too few he or she to tell keeps the gender the reading assumed (`priors`), else
    that of its name, else that its strong votes lean to (`_leanings`)."""
    evs = [e for e in evs if e.kind != "relative"]  # 'who' carried the thread; LitBank marks no such mention
    counts = Counter(e.character for e in evs if e.character)
    for e in evs:  # a description met once and never referred to again is no character
        if e.character in unnamed and counts[e.character] < MIN_UNNAMED:
            e.character = None
    counts = Counter(e.character for e in evs if e.character)
    by_id = {c["id"]: c for c in doc.characters}
    if narrator:
        by_id[narrator] = _narrator_entry(doc, evs)
    by_id.update({cid: _unnamed_entry(doc, cid, evs) for cid in unnamed if counts[cid]})
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    votes: dict[str, Counter] = {c: Counter() for c in by_id}
    for e in evs:
        if e.character:
            first.setdefault(e.character, e.start)
            last[e.character] = e.start
            if e.kind == "pronoun" and not e.quote:
                votes[e.character][e.gender] += 1
    order = sorted(by_id, key=lambda c: (-counts[c], first.get(c, 0)))
    new_id = {old: f"c{n}" for n, old in enumerate(order)}
    doc.characters = []
    for old in order:
        c = by_id[old]
        c.update(id=new_id[old], first=first.get(old, c.get("first")), last=last.get(old, c.get("last")))
        prior = c.get("gender") or priors.get(old) or lexicon.name_gender(c["name"]) or leanings.get(old)
        c["pronouns"] = c.get("pronouns") or _pronouns(votes[old])
        c["gender"] = _gender(c["pronouns"], prior)
        doc.characters.append(c)
    doc.mentions = [_mention(e, new_id) for e in evs]
    count_mentions(doc)


def count_mentions(doc: Document) -> None:
    """Each character's `mention_count` and `mention_kinds`, from `doc.mentions` as they stand."""
    counts = Counter((m["character"], m["kind"]) for m in doc.mentions if m["character"])
    kinds: dict[str, dict] = {c["id"]: {} for c in doc.characters}
    for (cid, kind), n in counts.items():
        kinds[cid][kind] = n
    for c in doc.characters:
        c["mention_kinds"] = kinds[c["id"]]
        c["mention_count"] = sum(kinds[c["id"]].values())


KIND_OUT = {"proper": "proper", "pronoun": "pronoun", "narrator": "pronoun", "speech_pronoun": "pronoun",
            "relative": "pronoun", "nominal": "nominal", "new_nominal": "nominal", "group": "nominal"}
MIN_UNNAMED = 2


def _unnamed_entry(doc: Document, cid: str, evs: list[Event]) -> dict:
    forms = Counter(" ".join(doc.text[e.start:e.end].split()) for e in evs
                    if e.character == cid and KIND_OUT[e.kind] == "nominal")
    name = Counter(_as_name(f) for f in forms.elements()).most_common(1)[0][0]
    return {"id": cid, "name": name, "aliases": [{"text": t, "count": k} for t, k in forms.most_common()],
            "pronouns": None, "gender": None, "honorifics": [], "named": False}


def _mention(e: Event, new_id: dict[str, str]) -> dict:
    out = {"start": e.start, "end": e.end, "character": new_id.get(e.character), "kind": KIND_OUT[e.kind]}
    if e.quote:
        out["quote"] = e.quote
    return out


def _as_name(description: str) -> str:
    """'An old man' and 'The old man' are named 'the old man'; 'His mother' is 'his mother'."""
    first, _, rest = description.partition(" ")
    if first.lower() in INDEFINITE | DEFINITE:
        return f"the {rest}"
    return f"{first.lower()} {rest}" if first.lower() in NOMINAL_DETERMINERS else description


def _narrator_entry(doc: Document, evs: list[Event]) -> dict:
    forms = Counter(doc.text[e.start:e.end] for e in evs if e.kind == "narrator")
    return {"id": "narrator", "name": "the narrator", "aliases": [{"text": t, "count": k} for t, k in
            forms.most_common()], "pronouns": None, "gender": None, "honorifics": [], "narrator": True,
            "named": False}


def _pronouns(votes: Counter) -> str | None:
    """He/him or she/her, when two or more of a character's he and she in narration agree mostly.
    Never they/them: a they linked to one character is nearly always a group's ('Sai and Ino ...
    they'; Pride and Prejudice's Lady Catherine had 188 they and no she). Of the 34 PDNC characters
    the text had made they/them, 7 were men, one of unknown gender, and 26 no gold character at all
    (places: Norland's they is its family). Singular they comes from the user's cast."""
    votes = Counter({g: n for g, n in votes.items() if g in ("M", "F")})
    total = sum(votes.values())
    if total < 2:
        return None
    gender, n = votes.most_common(1)[0]
    return PRONOUNS_OF[gender] if n / total >= 0.6 else None


def _gender(pronouns: str | None, prior: str | None) -> str | None:
    """The gender field: M, F, or N for singular they; without pronouns, the prior."""
    gender = PRONOUN_GENDER.get(pronouns or "", prior)
    return "N" if gender == "P" else gender
