"""Character portraits, as BookNLP gives them: for each character the verbs it is the agent of,
the verbs it undergoes, the adjectives and modifiers said of it, what it possesses, and the
sentences of narration that mention it (its assertions).

Read from spaCy's dependency parse at each of the character's mentions (names, descriptions and
pronouns, in narration and in speech): `Mary ran` (agent), `Colin was carried` and `she hit him`
(patient), `the sullen Mary`, `Mary was tall` (modifier), `her garden` (possession). A mention
joined to another by `and` takes the other's role, and so does a verb joined to the agent's verb
without a subject of its own. Added to each character as `portrait`.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.document import Document
from ficlens.scenes import narration_tokens

ROLES = ("agent", "patient", "modifiers", "possessions")
TOP = 50  # words kept per role, most frequent first
COPULA = "be"


def portray(doc: Document) -> None:
    """Add `portrait` to every character in doc.characters."""
    tokens = doc.tokens
    if tokens is None:
        return
    children = _children(tokens)
    narration = narration_tokens(doc)
    words: dict[str, dict[str, Counter]] = defaultdict(lambda: {r: Counter() for r in ROLES})
    sentences: dict[str, set[int]] = defaultdict(set)
    for m in doc.mentions:
        if not m["character"]:
            continue
        head = tokens.ending_at(m["end"])
        if not m["start"] <= tokens.start[head] < m["end"]:
            continue
        for role, word in _roles(tokens, children, head):
            words[m["character"]][role][word] += 1
        if narration[head]:
            sentences[m["character"]].add(tokens.sent[head])
    for c in doc.characters:
        found = words.get(c["id"]) or {r: Counter() for r in ROLES}
        portrait = {r: [{"word": w, "count": n} for w, n in found[r].most_common(TOP)] for r in ROLES}
        portrait["assertions"] = [[doc.sentences[s].start, doc.sentences[s].end] for s in sorted(sentences[c["id"]])]
        c["portrait"] = portrait


def _children(tokens) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in range(len(tokens))]
    for i, h in enumerate(tokens.head):
        if h != i:
            children[h].append(i)
    return children


def _shared_subject(tokens, children: list[list[int]], verb: int) -> list[int]:
    """The verb and the verbs joined to it by 'and' without a subject of their own ('opened it and
    found a key')."""
    joined = [c for c in children[verb] if tokens.dep[c] == "conj" and tokens.pos[c] == "VERB"
              and not any(tokens.dep[g].startswith("nsubj") for g in children[c])]
    return [verb, *joined]


def _roles(tokens, children: list[list[int]], i: int):
    """(role, lemma) pairs the parse gives the mention whose head token is i."""
    for child in children[i]:
        if tokens.dep[child] == "amod":
            yield "modifiers", tokens.lemma[child].lower()
    place = tokens.head[i] if tokens.dep[i] == "conj" else i  # 'Mary and Colin ran': Colin as Mary
    dep, head = tokens.dep[place], tokens.head[place]
    if dep == "nsubj" and tokens.lemma[head] == COPULA:
        yield from (("modifiers", tokens.lemma[c].lower()) for c in children[head]
                    if tokens.dep[c] in ("acomp", "attr") and tokens.pos[c] in ("ADJ", "NOUN"))
    elif dep == "nsubj" and tokens.pos[head] == "VERB":
        yield from (("agent", tokens.lemma[v].lower()) for v in _shared_subject(tokens, children, head))
    elif dep in ("nsubjpass", "dobj", "dative") and tokens.pos[head] == "VERB":
        yield "patient", tokens.lemma[head].lower()
    elif dep == "pobj" and tokens.dep[head] == "agent":
        yield "agent", tokens.lemma[tokens.head[head]].lower()
    elif dep == "poss" and tokens.pos[head] in ("NOUN", "PROPN"):
        yield "possessions", tokens.lemma[head].lower()
