"""LitBank readers and coreference scorers (MUC, B-cubed, CEAF-e), shared by the character benchmark
and the coreference training script."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves thou thee thy thine "
    "he him his himself she her hers herself they them their theirs themselves who whom whose".split())

Span = tuple[int, int]
Clusters = list[set]


# ---------------------------------------------------------------- coreference scorers

def muc(key: Clusters, response: Clusters) -> tuple[float, float]:
    """(numerator, denominator) of MUC recall of `response` against `key`; swap them for precision."""
    where = {m: n for n, c in enumerate(response) for m in c}
    num = den = 0
    for cluster in key:
        parts = {where.get(m, ("alone", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float]:
    """(numerator, denominator) of B-cubed recall; mentions missing from `response` score 0."""
    where = {m: n for n, c in enumerate(response) for m in c}
    num = 0.0
    for cluster in key:
        overlaps = Counter(where[m] for m in cluster if m in where)
        num += sum(k * k for k in overlaps.values()) / len(cluster)
    return num, sum(len(c) for c in key)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, int, int]:
    """(similarity of the best one-to-one entity alignment, |key|, |response|), phi4 similarity."""
    from scipy.optimize import linear_sum_assignment
    import numpy as np

    if not key or not response:
        return 0.0, len(key), len(response)
    sim = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].sum()), len(key), len(response)


def coref_counts(key: Clusters, response: Clusters) -> Counter:
    """Numerators and denominators of MUC, B3 and CEAF-e recall and precision, for pooling."""
    c = Counter()
    c["muc_rn"], c["muc_rd"] = muc(key, response)
    c["muc_pn"], c["muc_pd"] = muc(response, key)
    c["b3_rn"], c["b3_rd"] = b_cubed(key, response)
    c["b3_pn"], c["b3_pd"] = b_cubed(response, key)
    sim, nk, nr = ceaf_e(key, response)
    c["ceaf_rn"] = c["ceaf_pn"] = sim
    c["ceaf_rd"], c["ceaf_pd"] = nk, nr
    return c


def prf(c: Counter, metric: str) -> tuple[float, float, float]:
    r = c[metric + "_rn"] / c[metric + "_rd"] if c[metric + "_rd"] else 0.0
    p = c[metric + "_pn"] / c[metric + "_pd"] if c[metric + "_pd"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def f1s(c: Counter) -> list[float]:
    return [prf(c, m)[2] for m in ("muc", "b3", "ceaf")]


# ---------------------------------------------------------------- LitBank

@dataclass
class LitCase:
    name: str
    tokens: list[str]
    text: str = ""
    offsets: list[Span] = field(default_factory=list)
    clusters: Clusters = field(default_factory=list)  # PER entities, mentions as (first, last) token index


def read_conll(path: Path) -> tuple[list[str], list[int], dict[str, list[Span]]]:
    """Tokens, the sentence number of each, and coreference mentions (token spans) per chain id."""
    tokens, sentences, chains, open_ = [], [], defaultdict(list), defaultdict(list)
    sentence = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            sentence += 1  # column 2 is the part number (always 0): sentences end at blank lines
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        k = len(tokens)
        tokens.append(cols[3])
        sentences.append(sentence)
        for part in filter(None, cols[12].strip().split("|")) if len(cols) > 12 else ():
            ident = part.strip("()")
            if part.startswith("("):
                open_[ident].append(k)
            if part.endswith(")"):
                chains[ident].append((open_[ident].pop(), k))
    return tokens, sentences, chains


def read_entities(path: Path) -> dict[Span, str]:
    """Entity spans (first, last token) with their type, from all nested BIO layers."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    spans = {}
    for layer in range(1, max(len(r) for r in rows)):
        start = None
        for k, r in enumerate(rows + [["", "O"] * 4]):
            tag = r[layer].strip() if layer < len(r) else "O"
            if start is not None and not tag.startswith("I-"):
                spans[(start, k - 1)] = label
                start = None
            if tag.startswith("B-"):
                start, label = k, tag[2:]
    return spans


def is_person(mentions: list[Span], labels: dict[Span, str], tokens: list[str]) -> bool:
    """Majority entity-layer label of the chain's mentions; a chain with no labelled mention (pronouns
    only: the entity layer leaves pronouns out) counts as a person when it holds a personal pronoun."""
    votes = Counter(labels[m] for m in mentions if m in labels)
    if votes:
        return votes.most_common(1)[0][0] == "PER"
    return any(s == e and tokens[s].lower() in PRONOUNS for s, e in mentions)


NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "”", "’", "'", "...", "....", "’”",
                   "'s", "n't", "'ll", "'ve", "'d", "'m", "'re"}
NO_SPACE_AFTER = {"(", "[", "“", "‘", "“‘", "`"}


def detokenize(tokens: list[str], sentences: list[int]) -> tuple[str, list[Span]]:
    """One sentence a line, English spacing; returns the text and each token's character span."""
    parts, offsets, at, glue, open_quote = [], [], 0, True, False
    for k, tok in enumerate(tokens):
        if k and sentences[k] != sentences[k - 1]:
            sep = "\n"
        elif glue or tok in NO_SPACE_BEFORE or (tok == '"' and open_quote):
            sep = ""
        else:
            sep = " "
        parts.append(sep + tok)
        offsets.append((at + len(sep), at + len(sep) + len(tok)))
        at += len(sep) + len(tok)
        glue = tok in NO_SPACE_AFTER or (tok == '"' and not open_quote)
        if tok == '"':
            open_quote = not open_quote
    return "".join(parts) + "\n", offsets


def litbank_case(conll: Path) -> LitCase:
    tokens, sentences, chains = read_conll(conll)
    labels = read_entities(conll.parent.parent / "entities" / (conll.stem + ".tsv"))
    case = LitCase(conll.stem, tokens)
    case.text, case.offsets = detokenize(tokens, sentences)
    case.clusters = [set(ms) for ms in chains.values() if is_person(ms, labels, tokens)]
    return case


def predicted_clusters(case: LitCase, mentions: list[dict], gold: set[Span]) -> tuple[Clusters, dict, int]:
    """Predicted mentions on exact token spans as clusters (by character; None = a singleton),
    the character of each gold-span mention, and how many predicted mentions fit no token span."""
    first = {s: k for k, (s, _) in enumerate(case.offsets)}
    last = {e: k for k, (_, e) in enumerate(case.offsets)}
    groups, character, off_token = defaultdict(set), {}, 0
    for n, m in enumerate(mentions):
        span = (first.get(m["start"]), last.get(m["end"]))
        if None in span:
            off_token += 1
            continue
        groups[m.get("character") or f"none{n}"].add(span)
        if span in gold:
            character[span] = m.get("character")
    return list(groups.values()), character, off_token


THIRD_PERSON = frozenset("he him his himself she her hers herself they them their theirs themselves".split())
FIRST_SECOND = frozenset("i me my mine myself you your yours yourself".split())
PRONOUN_CLASSES = ("third", "narrator", "in_quote", "other")


def pronoun_counts(case: LitCase, character: dict, quoted: list[Span] = ()) -> Counter:
    """Gold pronouns (of entities with another mention) and those whose predicted character is that
    of another mention of the same entity; also by class: third person, first person in narration,
    first and second person inside quotations (`quoted`: character spans), and the rest."""
    c = Counter()
    for cluster in case.clusters:
        for m in cluster:
            word = case.tokens[m[0]].lower()
            if m[0] == m[1] and word in PRONOUNS and len(cluster) > 1:
                mine = character.get(m)
                others = {character.get(o) for o in cluster if o != m}
                ok = mine is not None and mine in others
                kind = _pronoun_class(word, case.offsets[m[0]][0], quoted)
                c.update({"pron": 1, "pron_ok": ok, f"pron_{kind}": 1, f"pron_{kind}_ok": ok})
    return c


def _pronoun_class(word: str, offset: int, quoted: list[Span]) -> str:
    inside = any(s <= offset < e for s, e in quoted)
    if word in THIRD_PERSON:
        return "third"
    if word in FIRST_SECOND:
        return "in_quote" if inside else ("narrator" if word in FIRST_PERSON else "other")
    return "other"


FIRST_PERSON = frozenset("i me my mine myself".split())


class SpanIndex:
    """Gold mentions by the character offset they end at: a predicted mention is the entity of the
    gold mention ending where it ends (of several, the one starting nearest to it)."""

    def __init__(self, entities, offsets: list[Span]):
        """`entities`: (entity, token spans) pairs; `offsets`: each token's character span."""
        self.by_end: dict[int, list] = defaultdict(list)  # end offset -> [(start offset, entity)]
        for entity, spans in entities:
            for first, last in spans:
                self.by_end[offsets[last][1]].append((offsets[first][0], entity))

    def entity(self, start: int, end: int):
        found = self.by_end.get(end)
        return min(found, key=lambda se: abs(se[0] - start))[1] if found else None


# ---------------------------------------------------------------- quotations

QUOTE_MARKS = frozenset('"“”‘’\'`')


@dataclass
class LitQuote:
    """One LitBank quotation: its tokens (first, last; quote marks left out) and its speaker as the
    ATTRIB row gives it ('Mrs_Bennet-7'; None when the layer attributes it to no one)."""

    id: str
    tokens: Span
    speaker: str | None


def read_quotations(path: Path, tokens: list[str], sentences: list[int]) -> list[LitQuote]:
    """The QUOTE and ATTRIB rows of a LitBank .ann file, with (sentence, token) positions turned into
    token indices of the coref layer (same tokens; sentences counted in order)."""
    starts: list[int] = []
    for k, s in enumerate(sentences):
        if not k or s != sentences[k - 1]:
            starts.append(k)
    spans, speakers = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if cols[0] == "QUOTE" and len(cols) >= 6:
            first, last = starts[int(cols[2])] + int(cols[3]), starts[int(cols[4])] + int(cols[5])
            while first < last and tokens[first] in QUOTE_MARKS:
                first += 1
            while last > first and tokens[last] in QUOTE_MARKS:
                last -= 1
            spans[cols[1]] = (first, last)
        elif cols[0] == "ATTRIB" and len(cols) >= 3:
            speakers[cols[1]] = cols[2]
    return [LitQuote(q, span, speakers.get(q)) for q, span in spans.items()]


def speaker_chain(label: str, tokens: list[str], chains: dict[str, list[Span]]) -> str | None:
    """The coreference chain an ATTRIB speaker ('Mrs_Bennet-7': a mention's words, then a number)
    stands for: the chain numbered so if one of its mentions reads as the label, else the longest
    chain with such a mention (the numbers of the two layers mostly, not always, agree)."""
    words, _, number = label.rpartition("-")
    key = _letters(words)
    fits = [c for c, spans in chains.items() if any(_letters(" ".join(tokens[a:b + 1])) == key for a, b in spans)]
    if number in fits:
        return number
    return max(fits, key=lambda c: len(chains[c]), default=None)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
