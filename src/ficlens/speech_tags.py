"""Speech tags read by where they stand, whatever their verb.

A quote whose sentence goes on after it ('"No," hooted Aziz', '"Well!" exclaimed Mr. Emerson',
'"So," he went on') is followed by its tag, and the tag's subject is the speaker. Narration that leads
into a quote with a comma or colon ('Lucy was pleased, and said: "…"', 'Cecil, sharing the
discontent, called out: "…"') is its tag too; its speaker is the subject of the clause's last speech
verb (or last verb), found through the parse, up through 'and said' or 'saying' to the verb that has
one. `tag_subjects` gives, per quote, the token row of that subject; the attribution stage maps it to
a mention.
"""
from __future__ import annotations

from ficlens.document import Document, Quote
from ficlens.nlp import QUOTE_MARKS, Tokens, owns_next

SUBJECTS = frozenset(("nsubj", "nsubjpass"))
GOES_ON = ",—–-"  # a quote ending so inside its marks runs on into a tag
LEADS = (",", ":")  # narration ending so runs on into the quote after it
STOPS = frozenset(",.;:!?()") | QUOTE_MARKS  # what ends a tag
PARTICLES = frozenset(("in", "out", "up", "on", "forth", "back", "off", "again"))  # 'put in', 'went on'
NOUNS = frozenset(("PROPN", "PRON", "NOUN"))
NOUN_HEADS = frozenset(("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "oprd", "dep", "ROOT"))
REACH = 6  # tokens from a quote to an inverted tag's subject ('," sighed pleasure-loving Miss Derek')
CLIMB = frozenset(("conj", "advcl", "xcomp"))  # 'and said', 'saying', 'began to say': the subject is the head's
RELATIVE = frozenset(("who", "that", "which"))


def tag_subjects(doc: Document, verbs: frozenset[str]) -> dict[str, int]:
    """Quote id -> the token row of the subject of its speech tag, for the quotes that have one."""
    found = {}
    outer = [q for q in doc.quotes if q.parent is None]  # a quote within a quote has no tag of its own
    for k, q in enumerate(outer):
        if not q.closed:
            continue
        row = _after(doc, q, outer[k + 1] if k + 1 < len(outer) else None)
        if row is None:
            row = _before(doc, q, outer[k - 1] if k else None, verbs)
        if row is not None:
            found[q.id] = row
    return found


def _after(doc: Document, q: Quote, next_quote: Quote | None) -> int | None:
    """The subject of the tag a quote's sentence goes on into: inverted ('," said he') or not."""
    text, tokens = doc.text, doc.tokens
    last = inner_end(text, q)
    k = first = tokens.starting_at(q.end)
    if k >= len(tokens) or tokens.start[k] < q.end or tokens.para[k] != q.paragraph:
        return None
    if next_quote is not None and tokens.start[k] >= next_quote.start:
        return None
    if not last or not (last in GOES_ON or last in "!?" and tokens.word(text, k)[:1].islower()):
        return None
    while tokens.pos[k] == "ADV" and k + 1 < len(tokens) and k - first < 2:
        k += 1  # '," then said Anna'
    if tokens.pos[k] in ("VERB", "AUX"):
        return _inverted(text, tokens, k)
    return _subject_first(text, tokens, k)


def inner_end(text: str, q: Quote) -> str:
    """The last character of a quote's words, inside its closing mark ('' for none): ',' runs on
    into a tag, '?' asks."""
    return text[q.start:q.end].rstrip().rstrip("\"“”'’").rstrip()[-1:]


def _inverted(text: str, tokens: Tokens, verb: int) -> int | None:
    """'," replied Mahmoud Ali', '," put in Fielding', '," said the old man': the noun after the verb."""
    for j in range(verb + 1, min(verb + 1 + REACH, len(tokens))):
        word = tokens.word(text, j)
        if word in STOPS or tokens.pos[j] == "ADP" and word.lower() not in PARTICLES:
            return None
        if tokens.pos[j] in NOUNS and _noun_head(tokens, j) and not owns_next(tokens, j):
            return j
    return None


def open_ended(lead: str) -> bool:
    """Narration ending on a word with no stop after it: a dash lost in conversion ('and said,
    compressing his lips \n\n"..."'), so it may lead into the quote after it."""
    return lead[-1:].isalpha()


def _noun_head(tokens: Tokens, j: int) -> bool:
    """A noun that heads its phrase, or a name the parse hangs on a word that is no noun ('," cried
    out Bull clamorously', where 'Bull' is parsed as part of 'clamorously')."""
    return tokens.dep[j] in NOUN_HEADS or tokens.pos[j] == "PROPN" and tokens.pos[tokens.head[j]] not in NOUNS


def _subject_first(text: str, tokens: Tokens, k: int) -> int | None:
    """'," he went on', '," Mr. Bounderby put in': a subject whose verb follows it closely."""
    for j in range(k, min(k + 4, len(tokens))):
        if tokens.word(text, j) in STOPS:
            return None
        if tokens.dep[j] in SUBJECTS and tokens.pos[j] in NOUNS:
            return j if 0 < tokens.head[j] - j <= 3 else None
    return None


def _before(doc: Document, q: Quote, last_quote: Quote | None, verbs: frozenset[str]) -> int | None:
    """The subject of the narration that leads into a quote, in its paragraph or as the end of the
    paragraph before ('Lucy said: "', 'Aziz took his leave saying "'), or that ends on a word with
    no stop after it, where a dash was lost in conversion, when it holds a speech verb ('She drew
    her brows together and said abruptly \n\n"He wouldn't?"')."""
    text, tokens = doc.text, doc.tokens
    para = doc.paragraphs[q.paragraph]
    lead = text[para.start:q.start].rstrip()
    if not lead and q.paragraph > 0:
        before = doc.paragraphs[q.paragraph - 1]
        lead, para = text[before.start:before.end].rstrip(), before
    if not lead or last_quote is not None and last_quote.end >= para.start + len(lead):
        return None  # the lead is a quote's own words
    end = tokens.ending_at(para.start + len(lead))  # the comma or colon, or a speech verb
    loose = False  # ends on a word that is no speech verb: a dash lost
    if not lead.endswith(LEADS):
        on_verb = tokens.word(text, end).lower() in verbs
        loose = not on_verb and open_ended(lead)
        if not (on_verb or loose):
            return None
        end += 1
    start, sentence = end, tokens.sent[end - 1]  # the sentence of the lead's last word
    while start > 0 and tokens.sent[start - 1] == sentence and tokens.word(text, start - 1) not in QUOTE_MARKS:
        start -= 1
    window = range(start, end)
    spoken = [j for j in window if tokens.word(text, j).lower() in verbs and tokens.pos[j] == "VERB"]
    plain = [j for j in window if tokens.pos[j] == "VERB"] if not loose else []
    if not (spoken or plain):
        return None
    return _subject_of((spoken or plain)[-1], tokens, text, window)


def _subject_of(verb: int, tokens: Tokens, text: str, window: range) -> int | None:
    """The subject of a verb, or of the verb it hangs from by 'and' or a participle."""
    for _ in range(4):
        children = [j for j in window if tokens.head[j] == verb and j != verb]
        subject = next((j for j in children if tokens.dep[j] in SUBJECTS), None)
        if subject is not None:
            if tokens.word(text, subject).lower() in RELATIVE and tokens.dep[verb] == "relcl":
                return tokens.head[verb]  # 'the Lory, who … would only say'
            return subject if tokens.pos[subject] in NOUNS else None
        if tokens.dep[verb] not in CLIMB or tokens.head[verb] == verb or tokens.head[verb] not in window:
            return None
        if tokens.dep[verb] == "xcomp" and any(tokens.head[j] == tokens.head[verb] and tokens.dep[j] in ("dobj", "dative")
                                              for j in window):
            return None  # 'told her to say': the one told speaks
        verb = tokens.head[verb]
    return None
