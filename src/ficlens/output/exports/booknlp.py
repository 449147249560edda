"""BookNLP-compatible `.tokens`, `.entities` and `.quotes` files (tab-separated, with BookNLP's
header rows), so that tools written for BookNLP's output read ficlens's.

As in BookNLP, `byte_onset` and `byte_offset` are character offsets into the text (here the text
exactly as read), token ranges are inclusive, and `COREF` and `char_id` are integers: a character
`c7` is 7, and a mention linked to no character gets an id of its own after the last character.
Whitespace tokens (line breaks inside a paragraph) are left out, as BookNLP does.
"""
from __future__ import annotations

import bisect
import csv
import io

from ficlens.document import Document

TOKEN_COLUMNS = ("paragraph_ID", "sentence_ID", "token_ID_within_sentence", "token_ID_within_document", "word",
                 "lemma", "byte_onset", "byte_offset", "POS_tag", "fine_POS_tag", "dependency_relation",
                 "syntactic_head_ID", "event")
ENTITY_COLUMNS = ("COREF", "start_token", "end_token", "prop", "cat", "text")
QUOTE_COLUMNS = ("quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote")
PROP = {"proper": "PROP", "nominal": "NOM", "pronoun": "PRON"}


def tables(doc: Document) -> dict[str, str]:
    """{'tokens': …, 'entities': …, 'quotes': …}: the three files' contents."""
    if doc.tokens is None:
        raise ValueError("BookNLP files need tokens: analyse without --no-nlp")
    ids = _token_ids(doc)
    return {"tokens": _tsv(TOKEN_COLUMNS, _token_rows(doc, ids)),
            "entities": _tsv(ENTITY_COLUMNS, _entity_rows(doc, ids)),
            "quotes": _tsv(QUOTE_COLUMNS, _quote_rows(doc, ids))}


def _tsv(header: tuple[str, ...], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["None" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def _token_ids(doc: Document) -> list[int | None]:
    """Row in Document.tokens -> BookNLP token id (None for whitespace tokens)."""
    ids, n = [], 0
    for i in range(len(doc.tokens)):
        if doc.tokens.word(doc.text, i).strip():
            ids.append(n)
            n += 1
        else:
            ids.append(None)
    return ids


def _token_rows(doc: Document, ids: list[int | None]):
    t = doc.tokens
    in_sentence, last_sentence = 0, None
    for i, tid in enumerate(ids):
        if tid is None:
            continue
        in_sentence = in_sentence + 1 if t.sent[i] == last_sentence else 0
        last_sentence = t.sent[i]
        head = ids[t.head[i]] if ids[t.head[i]] is not None else tid
        yield (t.para[i], t.sent[i], in_sentence, tid, t.word(doc.text, i), t.lemma[i].strip() or "_",
               t.start[i], t.end[i], t.pos[i], t.tag[i], t.dep[i], head, "O")


def _span_tokens(doc: Document, ids: list[int | None], start: int, end: int) -> tuple[int, int]:
    """Inclusive BookNLP token ids of the tokens covering text[start:end]."""
    first, last = doc.tokens.starting_at(start), doc.tokens.ending_at(end)
    while first < last and ids[first] is None:
        first += 1
    while last > first and ids[last] is None:
        last -= 1
    return ids[first] or 0, ids[last] or 0


def _char_number(character: str | None) -> int | None:
    return int(character[1:]) if character and character[1:].isdigit() else None


def _entity_rows(doc: Document, ids: list[int | None]):
    spare = len(doc.characters)
    for m in doc.mentions:
        first, last = _span_tokens(doc, ids, m["start"], m["end"])
        coref = _char_number(m["character"])
        if coref is None:
            coref, spare = spare, spare + 1
        yield coref, first, last, PROP[m["kind"]], "PER", " ".join(doc.text[m["start"]:m["end"]].split())


def _quote_rows(doc: Document, ids: list[int | None]):
    nearest = _speaker_mentions(doc)
    for q in doc.quotes:
        first, last = _span_tokens(doc, ids, q.start, q.end)
        words = " ".join(doc.tokens.word(doc.text, i) for i in range(doc.tokens.starting_at(q.start),
                                                                      doc.tokens.ending_at(q.end) + 1)
                         if doc.tokens.word(doc.text, i).strip())
        m = nearest.get(q.id)
        if m is None:
            yield first, last, None, None, None, _char_number(q.speaker), words
            continue
        m_first, m_last = _span_tokens(doc, ids, m["start"], m["end"])
        yield first, last, m_first, m_last, " ".join(doc.text[m["start"]:m["end"]].split()), _char_number(q.speaker), words


def _speaker_mentions(doc: Document) -> dict[str, dict]:
    """For each attributed quote, the speaker's mention outside quotations nearest to it."""
    by_character: dict[str, list[dict]] = {}
    for m in doc.mentions:  # in text order
        if m["character"] and "quote" not in m:
            by_character.setdefault(m["character"], []).append(m)
    starts = {c: [m["start"] for m in ms] for c, ms in by_character.items()}
    found = {}
    for q in doc.quotes:
        if q.speaker not in by_character:
            continue
        k = bisect.bisect_left(starts[q.speaker], q.start)
        around = by_character[q.speaker][max(0, k - 1):k + 1]
        found[q.id] = min(around, key=lambda m: m["start"] - q.end if m["start"] >= q.end else q.start - m["end"])
    return found
