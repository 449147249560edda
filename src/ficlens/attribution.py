"""Attribution: who says each quotation, and to whom.

Each utterance (the quotes of one speech, split or spread over paragraphs) is scored against the
characters around it: those named or referred to in its paragraph outside the quotes (as the
subject of a speech verb, of another verb, or anywhere), in the paragraphs before and after, those
who spoke the last turns, those the tags of the next turns name, and those the turns either side
call by name (a vocative names the listener, who is likely to answer). A speech tag is read by its
verb or by its place (`speech_tags`: '"No," hooted Aziz'); a named one decides, as does a name that is
the lone subject of an action beat before an untagged quote ('Ino frowned. "Have you…"'), the
habit of fan fiction, where tags are rarer than beats. Turn evidence is
read off the text as well as off the turns decided: who is called by name or by a gendered word
('"Yes, sir."') in the lines either side, whether the line before asked a question, who the
narration between the line before and this one is about ('Anne sighed.'), and, within one exchange,
how many turns away a tag names each character or a line calls one by name (an even number for the
same speaker, odd for the one called): evidence a wrong decided turn cannot spoil. An exchange
ends at a chapter heading or scene break, and the ranker knows how far into its scene a line is and
who has spoken in it: the turns of the scene before are not this one's. A
LightGBM ranker trained on PDNC (scripts/train_attribution.py) scores every candidate; the turns
are decoded in reading order with a beam, and the best reading's choice is the quote's speaker,
its score the quote's confidence.
A second ranker (`Listeners`) picks the addressee among the characters the quote calls by name, the
one the narration says it was told to, and the speakers of the turns around it. I, me and you
inside a quote then resolve to its speaker and addressee.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ficlens import lexicon
from ficlens.coreference import FIRST_PERSON, SECOND_PERSON, SUBJECT_DEPS, THIRD_PERSON, main_subject, count_mentions
from ficlens.document import Document, Quote
from ficlens.nlp import Tokens, beside_speech_verb
from ficlens.ranker import Ranker, load
from ficlens.scenes import edges as scene_edges
from ficlens.speech_tags import inner_end, open_ended, tag_subjects

SPOKEN = ("speech", "thought", "written")
BEFORE, AFTER = 5, 1  # paragraphs of context around an utterance
MAX_CANDIDATES = 12
MEMORY = 6  # past turns remembered
SCENE_TURNS = 4  # turns into a scene after which its start no longer matters
BEAM = 8  # readings of the turns kept side by side
RUN_REACH, RUN_GAP = 16, 2  # turns looked at either side in one exchange; paragraphs that end an exchange
TAG_REACH = 24  # characters between a quote and its speech tag's subject ('," cried the good-hearted ')
TAG_CONFIDENCE = 0.95
BEAT_CONFIDENCE = 0.85  # a beat decides less surely: right on 155 of 177 PDNC lines (0.876)
TAG_PRONOUNS = {"he": "M", "she": "F"}
BEAT_PRONOUNS = frozenset(("he", "she", "his", "her"))
SPEECH_NOUNS = frozenset(("answer", "reply", "response", "rejoinder", "retort", "remark", "comment", "exclamation",
                          "question", "greeting", "words", "word", "cry", "whisper", "voice", "explanation",
                          "observation", "objection", "protest", "suggestion", "announcement", "salutation",
                          "assurance", "admission", "amendment", "injunction", "inquiry", "enquiry", "address",
                          "contribution", "consolation", "conclusion", "thought", "lips"))  # '," came from his lips'
_ANSWER = re.compile(r"[\"“‘']*\s*(?:yes|no|yeah|nope|aye|certainly|of course|not\b|never|indeed|quite|oh|well|because)\b",
                     re.IGNORECASE)
_ENDEARMENT = re.compile(r"\b(?:(?:my|oh|o) )?(?:dear|dearest|darling|poor|good|little)$", re.IGNORECASE)
TITLES_CALLED = {"ma'am": "F", "ma’am": "F", "miss": "F", "mum": "F", "mama": "F", "sir": "M"}  # beside person_nouns
LEAD_IN = (":", ",", "—", "-", "–")  # a paragraph ending so leads into the quote after it


@dataclass
class Utterance:
    id: str
    quotes: list[Quote]
    first_para: int
    last_para: int
    kind: str


@dataclass
class Context:
    """Per-paragraph mentions outside quotes, and per-utterance mentions inside them."""

    narration: dict[int, list[dict]]  # paragraph -> mentions outside quotes, each with flags
    inside: dict[str, list[dict]]  # quote id -> mentions inside it
    narrator: str | None
    order: dict[str, int]  # character id -> rank by mention count
    pronoun_tags: dict[int, list[dict]]  # paragraph -> he/she/'his wife' as the subject of a speech verb, with its gender
    gender: dict[str, str | None]  # character id -> M, F, N or None
    tag_of: dict[str, dict]  # quote id -> the subject of its speech tag as placed (speech_tags), with its gender

    def around(self, u: Utterance, table: dict[int, list[dict]] | None = None) -> list[dict]:
        """The narration mentions (or pronoun tags) in the paragraphs an utterance spans."""
        table = self.narration if table is None else table
        return [m for p in range(u.first_para, u.last_para + 1) for m in table.get(p, ())]

    def said_inside(self, u: Utterance | None, everyone: bool = False) -> list[dict]:
        """The mentions inside an utterance's quotes: those of characters, or all of them."""
        quotes = u.quotes if u is not None else ()
        return [m for q in quotes for m in self.inside.get(q.id, ()) if everyone or m["character"]]

    def nearest(self, found: dict[str, float]) -> list[str]:
        """Candidates by distance, ties by mention count, at most MAX_CANDIDATES."""
        return sorted(found, key=lambda c: (found[c], self.order.get(c, 999)))[:MAX_CANDIDATES]


FEATURES = (
    "tag_subject", "tag_distance", "tag_before", "beat_subject", "beat_before", "in_paragraph",
    "prev_paragraph", "prev_paragraph_subject", "next_paragraph", "vocative", "named_in_last_turn",
    "spoke_last", "spoke_two_ago", "spoke_recently", "turns_since_spoke", "rank_recent", "log_mentions",
    "narrator", "narrator_tag", "candidates", "narration_tokens", "quotes_in_paragraph", "kind",  # (in characters)
    "paragraph_gap", "same_paragraph_as_last", "pronoun_tag_gender", "pronoun_tag_distance",
    "tagged_next", "tagged_after_next", "paragraphs_to_next", "paragraphs_to_after_next", "named_in_next_turn",
    "tag_is_name", "tag_is_description", "pronoun_gender_recency", "pronoun_gender_rivals", "lead_in_subject",
    "tagged_even_turns", "tagged_odd_turns", "called_here", "called_last", "called_next",
    "titled_last", "titled_next", "last_asked", "answers", "between_mentions", "between_last_subject",
    "between_last_mention", "called_even_turns", "called_odd_turns", "beat_pronoun_gender",
    "turns_in_scene", "spoke_in_scene",
)


def utterances(doc: Document) -> list[Utterance]:
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in doc.quotes:
        if q.kind in SPOKEN and q.parent is None:
            groups[q.utterance].append(q)
    out = [Utterance(u, qs, qs[0].paragraph, qs[-1].paragraph, qs[0].kind) for u, qs in groups.items()]
    out.sort(key=lambda u: u.quotes[0].start)
    return out


def context(doc: Document) -> Context:
    tokens = doc.tokens
    verbs = lexicon.saying_verbs()
    narration: dict[int, list[dict]] = defaultdict(list)
    inside: dict[str, list[dict]] = defaultdict(list)
    pronoun_tags: dict[int, list[dict]] = defaultdict(list)
    has_subject = {tokens.head[i] for i in (tokens.ending_at(m["end"]) for m in doc.mentions if not m.get("quote"))
                   if tokens.dep[i] in SUBJECT_DEPS}  # verbs whose subject is a person ('Anna told Ben')
    nouns = lexicon.person_nouns()
    described: dict[str, Counter] = defaultdict(Counter)  # character -> genders of the nouns that describe it
    placed = tag_subjects(doc, verbs)  # quote id -> token row of its tag's subject
    tag_rows = {row: q for q, row in placed.items()}
    tag_of: dict[str, dict] = {}
    for m in doc.mentions:
        word = doc.text[m["start"]:m["end"]].lower()
        sex = TAG_PRONOUNS.get(word) or _noun_gender(doc, m, nouns)
        if m.get("quote"):
            inside[m["quote"]].append(m)
        elif m["character"] is not None or sex:
            flagged = _flagged(doc, m, verbs, has_subject)
            quote = _placed_on(tokens, m, flagged["token"], tag_rows)
            flagged["says"] = flagged["says"] or quote is not None
            flagged["placed"] = quote  # the quote whose tag, as placed, this mention is the subject of
            para = tokens.para[flagged["token"]]
            gendered = {**flagged, "gender": sex}
            if flagged["says"] and sex:
                pronoun_tags[para].append(gendered)
            if m["character"] is not None:
                narration[para].append(flagged)
            if quote is not None:
                tag_of[quote] = gendered
        if m["character"] is not None and m["kind"] == "nominal" and sex:
            described[m["character"]][sex] += 1
    narrator = next((c["id"] for c in doc.characters if c.get("narrator")), None)
    order = {c["id"]: k for k, c in enumerate(doc.characters)}
    gender = {c["id"]: c.get("gender") or _most(described.get(c["id"])) for c in doc.characters}
    return Context(narration, inside, narrator, order, pronoun_tags, gender, tag_of)


def _placed_on(tokens: Tokens, m: dict, head: int, tag_rows: dict[int, str]) -> str | None:
    """The quote whose tag (as placed) has this mention as its subject: the placed row is the
    mention's head, or another of its words ('," put in Mlle. Blanche', where the parse makes
    'Mlle' the noun and 'Blanche' the head)."""
    if head in tag_rows:
        return tag_rows[head]
    return next((tag_rows[r] for r in range(tokens.starting_at(m["start"]), head) if r in tag_rows), None)


def _noun_gender(doc: Document, m: dict, nouns: dict[str, str]) -> str | None:
    """M or F for a description whose head noun carries a gender ('his wife', 'the old gentleman')."""
    if m["kind"] != "nominal":
        return None
    tokens = doc.tokens
    return nouns.get(tokens.lemma[tokens.ending_at(m["end"])].lower()) or None


def _most(genders: Counter | None) -> str | None:
    """The gender most of a character's descriptions carry, when they agree by two to one."""
    if not genders:
        return None
    (top, n), *rest = genders.most_common()
    return top if not rest or n >= 2 * rest[0][1] else None


def _flagged(doc: Document, m: dict, verbs: frozenset[str], has_subject: set[int]) -> dict:
    """A narration mention with its head token and flags: subject of a verb; speaker of a speech
    verb ('Anna said', 'said Anna', 'Sakura exclaims'); spoken to ('told Ben')."""
    tokens = doc.tokens
    i = tokens.ending_at(m["end"])
    head = tokens.head[i]
    subject = tokens.dep[i] in SUBJECT_DEPS
    # 'exclaimed Mr. Knightley', which spaCy often parses as an object ('Anna told Ben' is not)
    inverted = 0 < i - head <= 4 and head not in has_subject
    spoken = tokens.word(doc.text, head).lower() in verbs
    says = (subject or inverted) and spoken or beside_speech_verb(
        doc.text, tokens, tokens.starting_at(m["start"]), i, verbs) or _answer_of(doc, i)
    told = not says and _spoken_to(doc, i, verbs)
    return {**m, "subject": subject, "says": says, "told": told, "token": i}


class Attributor:
    """Reading-order state and candidate features shared by training and prediction. Before the
    walk, every utterance's speech tag is read (`tagged`), so that a turn can look ahead to the
    tagged turns after it: in an alternating exchange the speaker of a line is that of the line
    two after it, as much as that of the line two before."""

    def __init__(self, doc: Document, ctx: Context, us: list[Utterance]):
        self.doc, self.ctx, self.us = doc, ctx, us
        self.verbs = lexicon.saying_verbs()
        self.index = {u.id: k for k, u in enumerate(us)}
        self.leads = [self._lead_in(u) for u in us]  # the subjects of the lead-in before each utterance
        self.pronouns = [self.pronoun_tag(u) for u in us]  # the gender a tag's words give, and its log gap
        read = [self.tagged(u) for u in us]
        self.tags = [speaker for speaker, _ in read]  # the speakers that speech tags (or lone beats) name
        self.beaten = {u.id for u, (_, by_beat) in zip(us, read) if by_beat}  # those a beat names (`_beat`)
        self.called = [self._called(u) for u in us]  # the characters each utterance calls by name
        self.titled = [self._titled(u) for u in us]  # the genders of the words it calls someone ('sir', 'Mother')
        self.asks = [inner_end(doc.text, u.quotes[-1]) == "?" for u in us]  # whether it ends with a question
        self.answers = [bool(_ANSWER.match(doc.text, u.quotes[0].start)) for u in us]  # opens 'Yes', 'No', 'Well'
        self.scenes = _scenes(doc, us)  # each utterance's scene, counted by chapter headings and scene breaks
        self.into_scene = [k - bisect.bisect_left(self.scenes, s) for k, s in enumerate(self.scenes)]  # turns before it in its scene
        self.runs = _runs(us, self.scenes)
        self.parities = [(self.parity(u), self.parity(u, self.called)) for u in us]  # tags' and calls', by turn
        self.betweens = [self._between(k) for k in range(len(us))]  # narration since the line before
        self.beat_genders = [self._beat_gender(k) for k in range(len(us))]  # 'He turned away. "I'm going."'
        self.turns: list[tuple[Utterance, str | None]] = []

    def ahead(self, u: Utterance, steps: int) -> tuple[Utterance | None, str | None]:
        """The utterance `steps` after this one and the speaker its tag names, if any."""
        k = self.index[u.id] + steps
        return (self.us[k], self.tags[k]) if 0 <= k < len(self.us) else (None, None)

    def candidates(self, u: Utterance) -> list[str]:
        found: dict[str, float] = {}

        def near(c: str, distance: float) -> None:  # a character's nearest sighting counts
            found[c] = min(distance, found.get(c, distance))

        for para in range(u.first_para - BEFORE, u.last_para + AFTER + 1):
            for m in self.ctx.narration.get(para, ()):
                near(m["character"], abs(para - u.first_para))
        for k, (_, speaker) in enumerate(reversed(self.turns[-MEMORY:])):
            if speaker:
                near(speaker, 0.5 + k)
        for steps in (1, 2):
            tag = self.ahead(u, steps)[1]
            if tag:
                near(tag, 1.5 + steps)
        k = self.index[u.id]
        for j in (k - 1, k + 1):  # called by name in the turn before or after: present, and likely to answer
            for c in self.called[j] if 0 <= j < len(self.us) else ():
                near(c, 2.0)
        if self.ctx.narrator:
            near(self.ctx.narrator, 9.0)
        return self.ctx.nearest(found)

    def features(self, u: Utterance, cands: list[str]) -> list[list[float]]:
        here = self.ctx.around(u)
        prev = self.ctx.narration.get(u.first_para - 1, [])
        nxt = self.ctx.narration.get(u.last_para + 1, [])
        named = self._named(u)
        last = self.turns[-1] if self.turns else (None, None)
        last_named = self._named(last[0])
        following, later_tags = zip(self.ahead(u, 1), self.ahead(u, 2))
        next_named = self._named(following[0])
        gaps = [v.first_para - u.last_para if v else 99 for v in following]
        speakers = [s for _, s in self.turns[-MEMORY:]]
        back = list(reversed(speakers))
        start, end = u.quotes[0].start, u.quotes[-1].end
        narration = self._narration_length(u)
        k = self.index[u.id]
        before = self.index[last[0].id] if last[0] else None  # the turns either side, as indices
        after = k + 1 if following[0] else None
        pronoun, pronoun_gap = self.pronouns[k]
        recency = self._recency(u, [c for c in cands if self.ctx.gender.get(c) == pronoun]) if pronoun else {}
        rivals = sum(self.ctx.gender.get(s) == pronoun for s in set(speakers) if s) if pronoun else 0
        leading = {m["character"] for m in self.lead_in(u)}
        parity, calls = self.parities[k]
        called = [self.called[j] if j is not None else set() for j in (k, before, after)]
        titled = [self.titled[j] if j is not None else set() for j in (before, after)]
        asked = float(before is not None and self.asks[before])
        answers = float(self.answers[k])
        between = self.betweens[k]
        scene = self.scenes[k]
        in_scene = {s for v, s in self.turns[-MEMORY:] if s and self.scenes[self.index[v.id]] == scene}
        rows = []
        for rank, c in enumerate(cands):
            mine = [m for m in here if m["character"] == c]
            tags = [m for m in mine if m["says"]]
            beats = [m for m in mine if m["subject"]]
            tag_distance = min((_gap(m, start, end) for m in tags), default=-1)
            turns_since = back.index(c) + 1 if c in back else 0
            gender = self.ctx.gender.get(c)
            rows.append([
                float(bool(tags)),
                math.log1p(tag_distance) if tag_distance >= 0 else -1.0,
                float(any(m["start"] < start for m in tags)),
                float(bool(beats)),
                float(any(m["start"] < start for m in beats)),
                len(mine),
                sum(m["character"] == c for m in prev),
                float(any(m["character"] == c and m["subject"] for m in prev)),
                sum(m["character"] == c for m in nxt),
                float(c in named),
                float(c in last_named),
                float(last[1] == c),
                float(len(self.turns) > 1 and self.turns[-2][1] == c),
                sum(s == c for s in speakers),
                turns_since,
                rank,
                math.log1p(self.ctx.order.get(c, 999)),
                float(c == self.ctx.narrator),
                float(c == self.ctx.narrator and any(m["says"] for m in mine)),
                len(cands),
                narration,
                len(u.quotes),
                SPOKEN.index(u.kind),
                u.first_para - (last[0].last_para if last[0] else -10),
                float(bool(last[0]) and last[0].last_para == u.first_para),
                0.0 if pronoun is None or gender not in ("M", "F") else 1.0 if gender == pronoun else -1.0,
                pronoun_gap,
                float(later_tags[0] == c),
                float(later_tags[1] == c),
                gaps[0],
                gaps[1],
                float(c in next_named),
                float(any(m["kind"] == "proper" for m in tags)),
                float(any(m["kind"] == "nominal" for m in tags)),
                recency.get(c, -1),
                rivals - (c in speakers and self.ctx.gender.get(c) == pronoun),
                float(c in leading),
                *parity.get(c, (99, 99)),
                *(float(c in names) for names in called),
                *(_agrees(gender, genders) for genders in titled),
                asked,
                answers,
                between[0].get(c, 0),
                float(between[1] == c),
                float(between[2] == c),
                *calls.get(c, (99, 99)),
                _agrees(gender, self.beat_genders[k]),
                min(self.into_scene[k], SCENE_TURNS),
                float(c in in_scene),
            ])
        return rows

    def _between(self, k: int) -> tuple[Counter, str | None, str | None]:
        """The narration between the line before and this one (at most two paragraphs back), tags of
        other quotes left out: how often it refers to each character, its last subject and its last
        mention ('"You're not eating anything," said Marilla. Anne sighed.' before Anne's line)."""
        u = self.us[k]
        first = u.first_para - 2
        floor = self.doc.paragraphs[max(first, 0)].start
        if k:
            floor = max(floor, self.us[k - 1].quotes[-1].end)
        start = u.quotes[0].start
        own = {q.id for q in u.quotes}
        seen = [m for p in range(max(first, 0), u.first_para + 1) for m in self.ctx.narration.get(p, ())
                if floor <= m["start"] and m["end"] <= start
                and (m["placed"] is None or m["placed"] in own)  # no other quote's tag
                and not (m["says"] and k and _beside(m, self.us[k - 1]))]
        subjects = [m["character"] for m in seen if m["subject"]]
        return (Counter(m["character"] for m in seen), subjects[-1] if subjects else None,
                seen[-1]["character"] if seen else None)

    def _beat_gender(self, k: int) -> set[str]:
        """The gender of the he or she (or his or her, owning it) nearest the utterance that is the
        subject of a sentence of narration beside it, in its paragraphs and not past the lines
        either side ('He turned away from her. "I'm going."'; 'Her jaw dropped. "How?"'): a beat by
        pronoun, which the fics use more than tags. Read once per utterance in the constructor."""
        u, us, text, tokens = self.us[k], self.us, self.doc.text, self.doc.tokens
        floor = us[k - 1].quotes[-1].end if k and us[k - 1].last_para == u.first_para else 0
        ceiling = us[k + 1].quotes[0].start if k + 1 < len(us) and us[k + 1].first_para == u.last_para else len(text)
        near = [(min(_gap(m, q.start, q.end) for q in u.quotes), THIRD_PERSON[word])
                for m in self.ctx.around(u) if m["kind"] == "pronoun" and floor <= m["start"] < ceiling
                and (word := text[m["start"]:m["end"]].lower()) in BEAT_PRONOUNS and main_subject(tokens, m["token"])]
        return {min(near)[1]} if near else set()

    def parity(self, u: Utterance, named: list[set[str]] | None = None) -> dict[str, tuple[int, int]]:
        """For each character a tag names (or, given `named`, the line names: the characters each
        utterance calls by name) within RUN_REACH turns of this one in the same exchange, the nearest
        even and odd distance in turns (99 for none): in an exchange between two, a speaker's turns
        lie an even distance apart, and the one a line calls answers an odd distance from it."""
        k = self.index[u.id]
        found: dict[str, list[int]] = {}
        for j in range(max(0, k - RUN_REACH), min(len(self.us), k + RUN_REACH + 1)):
            whom = ({self.tags[j]} if self.tags[j] else set()) if named is None else named[j]
            for c in whom if j != k and self.runs[j] == self.runs[k] else ():
                d = abs(j - k)
                best = found.setdefault(c, [99, 99])
                best[d % 2] = min(best[d % 2], d)
        return {c: (even, odd) for c, (even, odd) in found.items()}

    def _called(self, u: Utterance) -> set[str]:
        """The characters an utterance calls by name at the edge of a clause ('"Yes, Ben."'): its
        listeners, likely the speakers of the turns either side of it. Read once in the constructor."""
        return {m["character"] for m in self.ctx.said_inside(u) if m["kind"] == "proper"
                and _vocative(self.doc.text, m, u)}

    def _titled(self, u: Utterance) -> set[str]:
        """The genders of the gendered words an utterance calls its listener by ('"Yes, sir."',
        '"Mother!"', '"my good woman"'): the speaker of the turn before or after is likely of it."""
        tokens, text, nouns = self.doc.tokens, self.doc.text, lexicon.person_nouns()
        found = set()
        for q in u.quotes:
            for i in range(tokens.starting_at(q.start), tokens.ending_at(q.end) + 1):
                word = tokens.word(text, i).lower()
                gender = TITLES_CALLED.get(word) or nouns.get(word)
                if gender and _vocative(text, {"start": tokens.start[i], "end": tokens.end[i]}, u):
                    found.add(gender)
        return found

    def _named(self, u: Utterance | None) -> set[str]:
        """The characters named or referred to inside an utterance's quotes."""
        return {m["character"] for m in self.ctx.said_inside(u)}

    def _recency(self, u: Utterance, among: list[str]) -> dict[str, int]:
        """Rank of each of `among` by how lately narration before the utterance last referred to them."""
        last: dict[str, int] = {}
        for p in range(u.first_para - BEFORE, u.first_para + 1):
            for m in self.ctx.narration.get(p, ()):
                if m["character"] in among and m["start"] < u.quotes[0].start:
                    last[m["character"]] = m["start"]
        return {c: k for k, c in enumerate(sorted(last, key=lambda c: -last[c]))}

    def pronoun_tag(self, u: Utterance) -> tuple[str | None, float]:
        """The gender of the nearest speech tag beside the utterance whose words carry one ('he
        said', 'said his wife'), and the log gap: that of a tag placed as one (speech_tags) first.
        Read once per utterance in the constructor (`pronouns`)."""
        placed = [(_gap(m, q.start, q.end), m["gender"]) for q, m in self._placed(u) if m["gender"]]
        if placed:
            gap, gender = min(placed)
            return gender, math.log1p(gap)
        near = [(_gap(m, q.start, q.end), m["gender"]) for m in self.ctx.around(u, self.ctx.pronoun_tags)
                for q in u.quotes]
        if not near:
            return None, -1.0
        gap, gender = min(near)
        return gender, math.log1p(gap)

    def _placed(self, u: Utterance) -> list[tuple[Quote, dict]]:
        """Each quote of an utterance with the subject of its tag as placed (speech_tags), if any."""
        return [(q, self.ctx.tag_of[q.id]) for q in u.quotes if q.id in self.ctx.tag_of]

    def _narration_length(self, u: Utterance) -> float:
        """Log of the characters of narration around the utterance in its paragraphs."""
        paras = range(u.first_para, u.last_para + 1)
        total = sum(self.doc.paragraphs[p].end - self.doc.paragraphs[p].start for p in paras)
        quoted = sum(q.end - q.start for q in u.quotes)
        return math.log1p(max(total - quoted, 0))

    def tagged(self, u: Utterance) -> tuple[str | None, bool]:
        """The one character named (not 'he', 'she' or 'the old man', which the ranker weighs) as the
        subject of a speech tag placed as one (speech_tags), else of a speech verb right beside one of
        the quotes, or of the lead-in before it, else of a lone action beat before it (`_beat`); and
        whether the beat named it. Read once per utterance in the constructor (`tags`, `beaten`)."""
        found = {m["character"] for _, m in self._placed(u) if m["character"] and _names_speaker(self.doc.text, m)}
        if len(found) == 1:
            return found.pop(), False
        found = {m["character"] for m in self.ctx.around(u) if m["says"] and _names_speaker(self.doc.text, m)
                 and _beside(m, u)}
        if not found:
            found = {m["character"] for m in self.lead_in(u) if _names_speaker(self.doc.text, m)}
        if found:
            return (found.pop() if len(found) == 1 else None), False
        beat = self._beat(u)
        return beat, beat is not None

    def _beat(self, u: Utterance) -> str | None:
        """The character an action beat names before an untagged quote that opens the talk of its
        paragraph, when it is the only subject in the narration there and no he or she tags the
        quote ('Ino frowned and took a sip. "Have you…"')."""
        k = self.index[u.id]
        if k and self.us[k - 1].last_para == u.first_para or self.pronouns[k][0]:
            return None
        start = u.quotes[0].start
        subjects = [m for m in self.ctx.narration.get(u.first_para, ()) if m["subject"] and m["start"] < start]
        named = {m["character"] for m in subjects if m["kind"] == "proper"}
        return named.pop() if len(named) == 1 and {m["character"] for m in subjects} == named else None

    def lead_in(self, u: Utterance) -> list[dict]:
        """The subjects of the lead-in before an utterance, read once in the constructor."""
        return self.leads[self.index[u.id]]

    def _lead_in(self, u: Utterance) -> list[dict]:
        """The subjects of a lead-in: the last sentence of the paragraph before, when it ends with a
        colon or comma (or a word: a dash lost), holds a speech verb and the utterance opens its own
        paragraph ('Cecil bent towards Lucy and said:')."""
        doc, tokens = self.doc, self.doc.tokens
        para = doc.paragraphs[u.first_para]
        if u.first_para == 0 or doc.text[para.start:u.quotes[0].start].strip():
            return []
        before = doc.paragraphs[u.first_para - 1]
        lead = doc.text[before.start:before.end].rstrip()
        if not (lead.endswith(LEAD_IN) or open_ended(lead)):
            return []
        last = tokens.ending_at(before.end)
        first = tokens.starting_at(doc.sentences[tokens.sent[last]].start)
        if not any(tokens.word(doc.text, k).lower() in self.verbs for k in range(first, last + 1)):
            return []
        return [m for m in self.ctx.narration.get(u.first_para - 1, ())
                if m["token"] >= first and (m["subject"] or m["says"])]

    def update(self, u: Utterance, speaker: str | None) -> None:
        self.turns.append((u, speaker))


def _runs(us: list[Utterance], scenes: list[int]) -> list[int]:
    """An exchange number for each utterance: a new exchange starts after RUN_GAP paragraphs, and
    with a new scene."""
    out, run = [], 0
    for k, u in enumerate(us):
        if k and (u.first_para - us[k - 1].last_para > RUN_GAP or scenes[k] != scenes[k - 1]):
            run += 1
        out.append(run)
    return out


def _scenes(doc: Document, us: list[Utterance]) -> list[int]:
    """For each utterance, how many chapter headings and scene breaks come before it: the talk of
    one scene is not the turns of the next ('* * *', then another place and other people)."""
    edges = [s.start for s in scene_edges(doc)]
    return [bisect.bisect_left(edges, u.quotes[0].start) for u in us]


def _spoken_to(doc: Document, i: int, verbs: set[str]) -> bool:
    """'told Ben', 'said to Ben', 'asked him': the mention at token i is spoken to."""
    tokens = doc.tokens
    head, dep = tokens.head[i], tokens.dep[i]
    if dep == "pobj" and tokens.word(doc.text, head).lower() == "to":
        head, dep = tokens.head[head], "dative"
    return dep in ("dobj", "dative") and tokens.word(doc.text, head).lower() in verbs


def _answer_of(doc: Document, i: int) -> bool:
    """'…," was William's only answer', '," came the voice of Syme': the mention at token i owns a
    noun that names speech."""
    tokens = doc.tokens
    head = tokens.head[i]
    if tokens.dep[i] == "pobj" and tokens.lemma[head].lower() == "of":
        return tokens.lemma[tokens.head[head]].lower() in SPEECH_NOUNS
    return tokens.dep[i] == "poss" and tokens.lemma[head].lower() in SPEECH_NOUNS


def _names_speaker(text: str, m: dict) -> bool:
    """A name, or the narrator's 'I': the mentions a speech tag can be trusted on without a model."""
    return m["kind"] == "proper" or text[m["start"]:m["end"]] == "I"


def _agrees(gender: str | None, genders: set[str]) -> float:
    """1 when a character's gender is the one gender called, -1 when it is the other, else 0."""
    if gender not in ("M", "F") or len(genders) != 1:
        return 0.0
    return 1.0 if gender in genders else -1.0


def _beside(m: dict, u: Utterance) -> bool:
    """Whether a mention stands within TAG_REACH characters of one of an utterance's quotes."""
    return any(_gap(m, q.start, q.end) <= TAG_REACH for q in u.quotes)


def _gap(m: dict, start: int, end: int) -> int:
    return start - m["end"] if m["end"] <= start else max(m["start"] - end, 0)


# ---------------------------------------------------------------- the model

def load_ranker() -> Ranker | None:
    return load("speaker_ranker", FEATURES)


# ---------------------------------------------------------------- the stage

def attribute(doc: Document, ranker: Ranker | None = None, addressee_ranker: Ranker | None = None) -> None:
    """Give every speech, thought and written quote a speaker, confidence and addressees."""
    ranker = ranker or load_ranker()
    if ranker is None:
        return
    ctx = context(doc)
    turns = utterances(doc)
    state = Attributor(doc, ctx, turns)
    for u, (speaker, score) in zip(turns, walk(state, ranker)):
        for q in u.quotes:
            q.speaker, q.confidence = speaker, round(score, 3)
    listening = addressee_ranker or load_addressee_ranker()
    if listening is not None:
        addressees(doc, ctx, turns, listening)
    _speech_pronouns(doc)
    count_mentions(doc)
    _honorifics_by(doc)


def walk(state: Attributor, ranker: Ranker, width: int = BEAM) -> list[tuple[str | None, float]]:
    """Decide every utterance in reading order, each decision a past turn for the next; `width`
    readings are kept side by side (a beam), so that one wrong turn need not mislead the ones after
    it: a reading's score is the sum of the log-probabilities of its choices, and readings that
    agree on the last turns are one."""
    beam = [(0.0, [], None)]  # (log-probability, recent turns, chain of decisions)
    for u in state.us:
        grown: dict[tuple, tuple] = {}
        for logp, turns, chain in beam:
            state.turns = turns
            for speaker, score, p in options(state, u, ranker, width):
                recent = (turns + [(u, speaker)])[-MEMORY:]
                key = tuple(s for _, s in recent)
                if key not in grown or grown[key][0] < logp + p:
                    grown[key] = (logp + p, recent, ((speaker, score), chain))
        beam = sorted(grown.values(), key=lambda h: -h[0])[:width]
    said, chain = [], beam[0][2] if beam else None
    while chain is not None:
        said.append(chain[0])
        chain = chain[1]
    state.turns = beam[0][1] if beam else []
    return said[::-1]


def options(state: Attributor, u: Utterance, ranker: Ranker, width: int) -> list[tuple[str | None, float, float]]:
    """The speakers a reading may give an utterance, with their scores and log-probabilities: the
    tagged one alone, else the `width` best candidates (None for one under the threshold)."""
    cands = state.candidates(u)
    if not cands:
        return [(None, 0.0, 0.0)]
    scores = ranker.scores(state.features(u, cands))
    tagged = state.tags[state.index[u.id]]
    if tagged in cands:
        floor = BEAT_CONFIDENCE if u.id in state.beaten else TAG_CONFIDENCE
        return [(tagged, max(float(scores[cands.index(tagged)]), floor), 0.0)]
    order = sorted(range(len(cands)), key=lambda k: -scores[k])[:width]
    return [(cands[k] if scores[k] >= ranker.threshold else None, float(scores[k]), math.log(max(scores[k], 1e-6)))
            for k in order]


def decide(state: Attributor, u: Utterance, ranker: Ranker) -> tuple[str | None, float]:
    """One reading's choice: a speech tag right beside the quote decides ('…," said Anna'); else the
    ranker's best (None under the threshold)."""
    speaker, score, _ = options(state, u, ranker, 1)[0]
    return speaker, score


ADDRESSEE_FEATURES = (
    "vocative", "vocative_edge", "named_count", "spoke_before", "spoke_after", "spoke_two_before",
    "spoke_two_after", "paragraphs_before", "paragraphs_after", "in_paragraph", "spoken_to", "in_prev_paragraph",
    "addressed_speaker_before", "log_mentions", "rank", "candidates", "you_in_quote", "kind", "speaker_known",
)
NEAR_TURNS = 3  # turns either side whose speakers may be listening


class Listeners:
    """Candidate addressees of each utterance and their features, once speakers are known: who the
    quote calls by name, who spoke just before or after, who the narration says it was said to."""

    def __init__(self, doc: Document, ctx: Context, us: list[Utterance], speakers: list[str | None]):
        self.doc, self.ctx, self.us, self.speakers = doc, ctx, us, speakers
        self.chosen: list[str | None] = []

    def candidates(self, k: int) -> list[str]:
        u, speaker = self.us[k], self.speakers[k]
        found: dict[str, float] = {}
        for m in self.ctx.said_inside(u):
            found.setdefault(m["character"], 0.0)
        for step in range(1, NEAR_TURNS + 1):
            for j in (k - step, k + step):
                if 0 <= j < len(self.us) and self.speakers[j]:
                    found.setdefault(self.speakers[j], step)
        for para in range(u.first_para - 2, u.last_para + 2):
            for m in self.ctx.narration.get(para, ()):
                found.setdefault(m["character"], 2 + abs(para - u.first_para))
        found.pop(speaker, None)
        return self.ctx.nearest(found)

    def features(self, k: int, cands: list[str]) -> list[list[float]]:
        u, text = self.us[k], self.doc.text
        inside = [m for m in self.ctx.said_inside(u) if m["kind"] == "proper"]
        edge = {m["character"] for m in inside if _vocative(text, m, u)}
        here = self.ctx.around(u)
        prev = self.ctx.narration.get(u.first_para - 1, [])
        near = {d: self.speakers[k + d] if 0 <= k + d < len(self.us) else None for d in (-2, -1, 1, 2)}
        gap_before = u.first_para - self.us[k - 1].last_para if k else 99
        gap_after = self.us[k + 1].first_para - u.last_para if k + 1 < len(self.us) else 99
        addressed_before = self.chosen[k - 1] if k and len(self.chosen) >= k else None
        you = sum(text[m["start"]:m["end"]].lower() in SECOND_PERSON for m in self.ctx.said_inside(u, everyone=True))
        rows = []
        for rank, c in enumerate(cands):
            rows.append([
                float(any(m["character"] == c for m in inside)),
                float(c in edge),
                len(inside),
                float(near[-1] == c),
                float(near[1] == c),
                float(near[-2] == c),
                float(near[2] == c),
                gap_before,
                gap_after,
                sum(m["character"] == c for m in here),
                float(any(m["character"] == c and m["told"] for m in here)),
                sum(m["character"] == c for m in prev),
                float(addressed_before is not None and addressed_before == self.speakers[k] and near[-1] == c),
                math.log1p(self.ctx.order.get(c, 999)),
                rank,
                len(cands),
                you,
                SPOKEN.index(u.kind),
                float(self.speakers[k] is not None),
            ])
        return rows


def _vocative(text: str, m: dict, u: Utterance) -> bool:
    """A name set off at the edge of a clause: '"Ben, come here"', '"Yes, Ben."', '"Kaka-sensei!"',
    '"My dear Lydia,"'."""
    before = _ENDEARMENT.sub("", text[max(0, m["start"] - 12):m["start"]].rstrip(), count=1)[-3:].rstrip()
    after = text[m["end"]:m["end"] + 2].lstrip()
    opens = not before or before[-1] in ',"“\'‘—-(.!?;:' or any(q.start == m["start"] - 1 for q in u.quotes)
    closes = not after or after[0] in ',.!?"”\'’—-;:'
    return opens and closes


def load_addressee_ranker() -> Ranker | None:
    return load("addressee_ranker", ADDRESSEE_FEATURES)


def addressees(doc: Document, ctx: Context, us: list[Utterance], ranker: Ranker) -> None:
    """Each utterance's addressee: the best candidate listener when its score clears the threshold."""
    listeners = Listeners(doc, ctx, us, [u.quotes[0].speaker for u in us])
    for k, u in enumerate(us):
        cands = listeners.candidates(k)
        chosen = ranker.best(cands, ranker.scores(listeners.features(k, cands)))[0] if cands else None
        listeners.chosen.append(chosen)
        for q in u.quotes:
            q.addressees = [chosen] if chosen else []


def _speech_pronouns(doc: Document) -> None:
    """I, me and my inside a quote are its speaker; you is its addressee."""
    by_id = {q.id: q for q in doc.quotes}
    for m in doc.mentions:
        q = by_id.get(m.get("quote", ""))
        if q is None or m["character"] is not None or m["kind"] != "pronoun":
            continue
        word = doc.text[m["start"]:m["end"]].lower()
        if word in FIRST_PERSON:
            m["character"] = q.speaker
        elif word in SECOND_PERSON and len(q.addressees) == 1:
            m["character"] = q.addressees[0]


def _honorifics_by(doc: Document) -> None:
    """Who used each honorific: the speaker of the quote the suffixed name is in."""
    by_id = {q.id: q for q in doc.quotes}
    used: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for m in doc.mentions:
        q = by_id.get(m.get("quote", ""))
        text = doc.text[m["start"]:m["end"]]
        if q is not None and m["kind"] == "proper" and m["character"] and "-" in text and q.speaker:
            used[(m["character"], text.rsplit("-", 1)[1].lower())][q.speaker] += 1
    for c in doc.characters:
        for h in c.get("honorifics", []):
            h["by"] = [{"character": who, "count": n} for who, n in used[(c["id"], h["honorific"])].most_common()]
