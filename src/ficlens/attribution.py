"""Attribution: who says each quotation, and to whom.

Each utterance (the quotes of one speech, split or spread over paragraphs) is scored against the
characters around it: those named or referred to in its paragraph outside the quotes (as the
subject of a speech verb, of another verb, or anywhere), in the paragraphs before and after, those
who spoke the last turns, and those the quote itself names (a vocative names the listener, not the
speaker). A LightGBM ranker trained on PDNC (scripts/train_attribution.py) scores every candidate;
the best one speaks when its score clears a threshold, and its score is the quote's confidence.
The addressee is the character the quote calls by name, else the other party of the conversation.
I, me and you inside a quote then resolve to its speaker and addressee.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from ficlens import lexicon
from ficlens.coreference import FIRST_PERSON, SECOND_PERSON, SUBJECT_DEPS, count_mentions
from ficlens.document import Document, Quote
from ficlens.ranker import Ranker, load

SPOKEN = ("speech", "thought", "written")
BEFORE, AFTER = 3, 1  # paragraphs of context around an utterance
MAX_CANDIDATES = 10
MEMORY = 6  # past turns remembered
TAG_REACH = 24  # characters between a quote and its speech tag's subject ('," cried the good-hearted ')
TAG_CONFIDENCE = 0.95


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


FEATURES = (
    "tag_subject", "tag_distance", "tag_before", "beat_subject", "beat_before", "in_paragraph",
    "prev_paragraph", "prev_paragraph_subject", "next_paragraph", "vocative", "named_in_last_turn",
    "spoke_last", "spoke_two_ago", "spoke_recently", "turns_since_spoke", "rank_recent", "log_mentions",
    "narrator", "narrator_tag", "candidates", "narration_tokens", "quotes_in_paragraph", "kind",  # (in characters)
    "paragraph_gap", "same_paragraph_as_last",
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
    narrator = next((c["id"] for c in doc.characters if c.get("narrator")), None)
    for m in doc.mentions:
        if m.get("quote"):
            inside[m["quote"]].append(m)
            continue
        if m["character"] is None:
            continue
        i = tokens.ending_at(m["end"])
        head = tokens.head[i]
        subject = tokens.dep[i] in SUBJECT_DEPS
        inverted = 0 < i - head <= 4  # 'exclaimed Mr. Knightley', which spaCy often parses as an object
        says = (subject or inverted) and doc.text[tokens.start[head]:tokens.end[head]].lower() in verbs
        narration[tokens.para[i]].append({**m, "subject": subject, "says": says, "token": i})
    order = {c["id"]: k for k, c in enumerate(doc.characters)}
    return Context(narration, inside, narrator, order)


class Attributor:
    """Reading-order state and candidate features shared by training and prediction."""

    def __init__(self, doc: Document, ctx: Context):
        self.doc, self.ctx = doc, ctx
        self.turns: list[tuple[Utterance, str | None]] = []

    def candidates(self, u: Utterance) -> list[str]:
        found: dict[str, float] = {}
        for para in range(u.first_para - BEFORE, u.last_para + AFTER + 1):
            for m in self.ctx.narration.get(para, ()):
                found.setdefault(m["character"], abs(para - u.first_para))
        for k, (_, speaker) in enumerate(reversed(self.turns[-MEMORY:])):
            if speaker:
                found.setdefault(speaker, 0.5 + k)
        if self.ctx.narrator:
            found.setdefault(self.ctx.narrator, 9.0)
        return sorted(found, key=lambda c: (found[c], self.ctx.order.get(c, 999)))[:MAX_CANDIDATES]

    def features(self, u: Utterance, cands: list[str]) -> list[list[float]]:
        paras = range(u.first_para, u.last_para + 1)
        here = [m for p in paras for m in self.ctx.narration.get(p, ())]
        prev = self.ctx.narration.get(u.first_para - 1, [])
        nxt = self.ctx.narration.get(u.last_para + 1, [])
        named = {m["character"] for q in u.quotes for m in self.ctx.inside.get(q.id, ()) if m["character"]}
        last = self.turns[-1] if self.turns else (None, None)
        last_named = {m["character"] for q in (last[0].quotes if last[0] else ())
                      for m in self.ctx.inside.get(q.id, ()) if m["character"]}
        speakers = [s for _, s in self.turns[-MEMORY:]]
        start, end = u.quotes[0].start, u.quotes[-1].end
        narration = self._narration_length(u)
        rows = []
        for rank, c in enumerate(cands):
            mine = [m for m in here if m["character"] == c]
            tags = [m for m in mine if m["says"]]
            beats = [m for m in mine if m["subject"]]
            tag_distance = min((_gap(m, start, end) for m in tags), default=-1)
            back = list(reversed(speakers))
            turns_since = back.index(c) + 1 if c in back else 0
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
            ])
        return rows

    def _narration_length(self, u: Utterance) -> float:
        """Log of the characters of narration around the utterance in its paragraphs."""
        paras = range(u.first_para, u.last_para + 1)
        total = sum(self.doc.paragraphs[p].end - self.doc.paragraphs[p].start for p in paras)
        quoted = sum(q.end - q.start for q in u.quotes)
        return math.log1p(max(total - quoted, 0))

    def tagged(self, u: Utterance) -> str | None:
        """The one character that is the subject of a speech verb right beside one of the quotes."""
        here = [m for p in range(u.first_para, u.last_para + 1) for m in self.ctx.narration.get(p, ())]
        found = {m["character"] for m in here if m["says"]
                 and any(_gap(m, q.start, q.end) <= TAG_REACH for q in u.quotes)}
        return found.pop() if len(found) == 1 else None

    def update(self, u: Utterance, speaker: str | None) -> None:
        self.turns.append((u, speaker))


def _gap(m: dict, start: int, end: int) -> int:
    return start - m["end"] if m["end"] <= start else max(m["start"] - end, 0)


# ---------------------------------------------------------------- the model

def load_ranker() -> Ranker | None:
    return load("speaker_ranker", FEATURES)


# ---------------------------------------------------------------- the stage

def attribute(doc: Document, ranker: Ranker | None = None) -> None:
    """Give every speech, thought and written quote a speaker, confidence and addressees."""
    ranker = ranker or load_ranker()
    if ranker is None:
        return
    ctx = context(doc)
    state = Attributor(doc, ctx)
    turns = utterances(doc)
    for u in turns:
        speaker, score = decide(state, u, ranker)
        for q in u.quotes:
            q.speaker, q.confidence = speaker, round(score, 3)
        state.update(u, speaker)
    _addressees(turns, ctx)
    _speech_pronouns(doc)
    count_mentions(doc)
    _honorifics_by(doc)


def decide(state: Attributor, u: Utterance, ranker: Ranker) -> tuple[str | None, float]:
    """A speech tag right beside the quote decides ('…," said Anna'); else the ranker's best."""
    cands = state.candidates(u)
    if not cands:
        return None, 0.0
    scores = ranker.scores(state.features(u, cands))
    tagged = state.tagged(u)
    if tagged in cands:
        return tagged, max(float(scores[cands.index(tagged)]), TAG_CONFIDENCE)
    best = int(scores.argmax())
    return (cands[best] if scores[best] >= ranker.threshold else None), float(scores[best])


def _addressees(us: list[Utterance], ctx: Context) -> None:
    """The character a quote calls by name; else the other speaker of an alternating exchange."""
    for k, u in enumerate(us):
        speaker = u.quotes[0].speaker
        named = [m["character"] for q in u.quotes for m in ctx.inside.get(q.id, ())
                 if m["character"] and m["kind"] == "proper" and m["character"] != speaker]
        if named:
            listener = Counter(named).most_common(1)[0][0]
        else:
            listener = _other_party(us, k, speaker)
        for q in u.quotes:
            q.addressees = [listener] if listener else []


def _other_party(us: list[Utterance], k: int, speaker: str | None) -> str | None:
    """The nearest different speaker among the turns just before and after, within two paragraphs."""
    near = []
    for j in (k - 1, k + 1, k - 2, k + 2):
        if 0 <= j < len(us) and abs(us[j].first_para - us[k].first_para) <= 2:
            other = us[j].quotes[0].speaker
            if other and other != speaker:
                near.append(other)
    return near[0] if near and speaker else None


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
