"""Build two lexicon files from the annotated corpora in ../shared/data.

    .venv/bin/python scripts/build_lexicons.py

writes

* src/ficlens/data/lexicon/person_nouns.txt -- common nouns that name a person (`word gender`),
  from the heads of nominal PER spans in LitBank entities/*.tsv, gendered by a seed table kept in
  this script and by the pronouns in the LitBank coref chains (coref/*.conll) of those mentions;
* src/ficlens/data/lexicon/given_names.txt -- a weak prior of given-name gender (`name M|F`),
  from PDNC */character_info.csv (Main Name, Aliases, Gender) and from multi-word capitalised PER
  spans in LitBank gendered by the pronouns of their coref chains.

The script prints what it kept and the borderline cases it rejected so the thresholds can be
checked by eye. It only reads ../shared/data; rerun it to regenerate both files.
"""
from __future__ import annotations

import ast
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
LITBANK = DATA / "litbank"
PDNC = DATA / "pdnc"
OUT = ROOT / "src" / "ficlens" / "data" / "lexicon"
COMMAND = ".venv/bin/python scripts/build_lexicons.py"

# person nouns: a word must head >= MIN_HEADS lower-case PER spans, and at least MIN_SHARE of its
# lower-case occurrences in LitBank must be PER heads.
MIN_HEADS = 2
MIN_SHARE = 0.4
# gender from coref: >= MIN_CHAINS gendered chains, >= CHAIN_AGREE of them one gender.
MIN_CHAINS = 3
CHAIN_AGREE = 0.8
# a chain is gendered when >= CHAIN_PRONOUN_AGREE of its he/she pronouns agree.
CHAIN_PRONOUN_AGREE = 0.75
# given names from LitBank: >= 3 gendered pronouns in the chain, >= 90% one gender.
NAME_MIN_PRONOUNS = 3
NAME_PRONOUN_AGREE = 0.9
# a name keeps its gender when >= NAME_VOTE_AGREE of its votes agree.
NAME_VOTE_AGREE = 0.9

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}

PRONOUNS_AND_DETERMINERS = {
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your",
    "yours", "yourself", "yourselves", "thou", "thee", "thy", "thine", "thyself", "ye", "he",
    "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they",
    "them", "their", "theirs", "themselves", "one", "oneself", "who", "whom", "whose", "which",
    "that", "this", "these", "those", "the", "a", "an", "some", "any", "all", "each", "every",
    "either", "neither", "both", "other", "another", "such", "what", "whoever", "somebody",
    "someone", "anybody", "anyone", "everybody", "everyone", "nobody", "none", "self", "ones",
    "yo", "em", "'em", "un", "'un",
}

# Plurals that do not end in -s, and collective nouns: they name groups, not a person.
GROUP_NOUNS = {
    "men", "women", "people", "children", "folk", "gentlemen", "brethren", "kin", "kinsfolk",
    "womenfolk", "menfolk", "police", "gentry", "crew", "family", "company", "party", "couple",
    "staff", "household", "clergy", "youth", "mankind", "humanity", "race", "group", "gang", "jury",
    "neighborhood", "neighbourhood", "crowd", "audience", "public", "society", "nation", "mob",
    "army", "regiment", "troop", "court", "committee", "congregation", "world", "band", "tribe",
    "generation", "circle", "class", "section", "community", "peasantry", "throng", "populace",
    "multitude", "assembly", "faction",
}
# Adjectives standing for a person ("an austere", "the youngest", "the exceptionally wealthy"):
# LitBank marks the span, but the word does not name a person in general.
ELLIPTIC_ADJECTIVES = {
    "austere", "sickly", "wealthy", "youngest", "eldest", "oldest", "tall", "rich", "poor", "dead",
    "living", "young", "old", "sick", "blind", "elder", "younger", "older", "latter", "former",
    "ugly", "guileless", "pretty", "fair", "wicked", "righteous", "faithful", "innocent",
}
# Words that end in -s but are singular.
SINGULAR_IN_S = {"marquis", "boss", "hoss", "species"}
# Heads kept out by hand: annotation quirks (a horse, a nickname, an insult) and dated racial terms
# that name people in 19th-century fiction but are no cue worth shipping for modern fan fiction.
EXCLUDED = {
    "hoss", "goose", "tuckoo", "baggage", "sumever", "maleficent", "knights-errant",
    "negro", "negress", "quadroon", "mulatto", "octoroon",
}
# A LitBank PER span runs on through relative clauses and modifiers ("the man who trundled the
# barrow", "a boy named baby tuckoo"): its head is the last word before the first of these.
HEAD_STOPS = {
    "who", "whom", "whose", "which", "that", "of", "in", "with", "from", "at", "on", "by", "for",
    "to", "named", "called", "as", "like", "upon", "about", "under", "into", "and", "or", "nor",
    "but", "where", "when", "than", "without", "within", "among", "near",
    ",", "--", "-", ";", ":", "(", "'s", "’s", "'", "\"",
}
NUMBERS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "hundred", "thousand", "dozen", "few", "many", "several", "most", "more",
}

# Seed table of gendered person nouns. Exact words, then suffix patterns (with exceptions).
SEED_MALE = {
    "man", "boy", "gentleman", "father", "son", "husband", "brother", "uncle", "nephew", "king",
    "prince", "sir", "lord", "duke", "earl", "marquis", "baron", "count", "emperor", "monk",
    "priest", "friar", "abbot", "bishop", "cardinal", "pope", "master", "mister", "lad", "fellow",
    "chap", "bachelor", "widower", "bridegroom", "groom", "grandfather", "grandson", "papa",
    "pa", "dad", "daddy", "father-in-law", "son-in-law", "brother-in-law", "stepfather",
    "stepson", "sultan", "rajah", "squire", "gent", "monsieur", "signor", "senor", "herr",
    "patriarch", "schoolboy", "beau", "bloke", "sheikh", "knight", "footman", "valet",
    "butler", "boyfriend", "czar", "tsar", "pharaoh", "baronet", "landlord", "god", "wizard",
    "fiance", "viscount", "laddie", "suh",
    "male", "feller", "alderman", "forefather",
}
SEED_FEMALE = {
    "woman", "girl", "lady", "mother", "daughter", "wife", "sister", "aunt", "niece", "queen",
    "princess", "madam", "madame", "mistress", "duchess", "countess", "widow", "nun", "abbess",
    "actress", "waitress", "maid", "maiden", "lass", "lassie", "bride", "grandmother",
    "granddaughter", "mamma", "mama", "mum", "mummy", "ma", "mother-in-law", "daughter-in-law",
    "sister-in-law", "stepmother", "stepdaughter", "housewife", "midwife", "governess",
    "damsel", "wench", "dame", "spinster", "matron", "heroine", "goddess", "witch", "hag",
    "girlfriend", "mademoiselle", "signora", "senora", "frau", "fraulein", "empress", "baroness",
    "landlady", "hostess", "heiress", "sweetheart", "fiancee", "maidservant", "housemaid",
    "dairymaid", "milkmaid", "nursemaid", "chambermaid", "laundress", "seamstress", "schoolgirl", "grandma", "granny", "miss", "mrs", "ms", "lady's-maid", "belle",
    "matriarch", "wifey", "marchioness", "viscountess", "priestess", "prioress", "sorceress",
    "shepherdess", "songstress", "authoress", "poetess", "murderess", "adulteress", "temptress",
    "cook-maid", "kitchen-maid", "lady-love", "tomboy", "widder", "female", "goodwife",
    "gentlewoman",
}
# Role nouns whose coref chains in LitBank lean one way only because of who held the role in
# 19th-century fiction (the doctor, the captain, the reader, the nurse), and unmarked forms now
# used of anyone (host, heir, hero beside hostess, heiress, heroine): the seed table keeps them
# neutral.
SEED_NEUTRAL = {
    "nurse", "host", "heir", "hero", "actor", "waiter", "steward", "dressmaker", "milliner",
    "doctor", "captain", "officer", "reader", "visitor", "stranger", "companion", "creature",
    "individual", "mate", "newcomer", "friend", "cousin", "child", "person", "servant", "cook",
    "nurse-child", "teacher", "student", "neighbor", "neighbour", "guest", "patient", "lodger",
    "tenant", "traveller", "traveler", "passenger", "pupil", "author", "writer", "poet", "artist",
    "surgeon", "physician", "lawyer", "owner", "thief", "prisoner", "youngster", "baby", "infant",
    "orphan", "parent", "slave", "commander", "personage", "rival", "speaker", "listener",
    "interlocutor", "sitter", "observer", "watcher", "housekeeper", "relative", "relation", "lover",
}
# An agent noun (editor, historian) seen once, as a PER head, is kept too.
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ess")
SEED_MALE_SUFFIXES = ("man", "boy", "father", "son", "brother", "husband", "master")
SEED_FEMALE_SUFFIXES = ("woman", "girl", "mother", "daughter", "sister", "wife", "maid", "ess", "lady")
SUFFIX_EXCEPTIONS = {
    # not gendered although they end like gendered words
    "human", "shaman", "german", "person", "parson", "chairperson", "caisson", "witness",
    "business", "mess", "guess", "dress", "press", "address", "cypress", "largess",
    "bless", "access", "excess", "success", "process", "less", "unless", "lioness", "dispossess",
    "possess", "profess", "confess", "caress", "harness", "fortress", "mattress", "prowess",
    "jess", "chess", "distress", "recess", "express", "egress", "ingress", "progress", "wilderness",
    "woman", "mason", "stonemason", "freemason", "caparison", "garrison", "comparison",
}


def seed_gender(word: str) -> str | None:
    """Gender of a person noun by the seed table; None when the table says nothing."""
    if word in SEED_FEMALE:
        return "F"
    if word in SEED_MALE:
        return "M"
    if word in SEED_NEUTRAL:
        return "-"
    if word in SUFFIX_EXCEPTIONS or "-and-" in word:
        return None
    # -woman before -man, -ness words are not -ess people
    if word.endswith(SEED_FEMALE_SUFFIXES) and not word.endswith("ness"):
        return "F"
    if word.endswith(SEED_MALE_SUFFIXES):
        return "M"
    return None


# Words that open a name but are not a given name: titles, articles, epithets.
NAME_TITLES = {
    "mr", "mrs", "miss", "ms", "mme", "mlle", "dr", "doctor", "lady", "lord", "sir", "dame",
    "captain", "capt", "aunt", "auntie", "uncle", "colonel", "col", "major", "general",
    "lieutenant", "sergeant", "corporal", "admiral", "commander", "madame", "mademoiselle",
    "monsieur", "madam", "professor", "prof", "reverend", "rev", "father", "mother", "brother",
    "sister", "master", "mistress", "king", "queen", "prince", "princess", "duke", "duchess",
    "earl", "count", "countess", "baron", "baroness", "marquis", "emperor", "empress", "old",
    "young", "the", "a", "an", "little", "st", "saint", "my", "dear", "dearest", "poor", "late",
    "cousin", "granny", "grandma", "grandpa", "grandmother", "grandfather", "mamma", "mama",
    "papa", "judge", "inspector", "detective", "constable", "governor", "president", "senator",
    "signor", "signora", "senor", "senora", "herr", "frau", "fraulein", "don", "dona", "fra",
    "friar", "abbe", "abbot", "bishop", "cardinal", "pope", "rabbi", "nurse", "mister", "missus",
    "goody", "gaffer", "widow", "his", "her", "their", "our", "your", "this", "that", "one",
    "mynheer", "mein", "von", "van", "de", "le", "la", "du", "di", "da", "o", "mc", "big",
    "miss.", "mr.", "mrs.", "lieut", "gen", "sgt", "hon", "honourable", "honorable", "squire",
    "esquire", "chief", "lady's", "marqis", "captain's", "professor's", "herr.", "messrs", "messieurs",
}
# After these titles the next word names the wife by her husband's given name (Mrs. John Dashwood).
HUSBAND_NAME_TITLES = {"mrs", "mme", "madame", "missus"}
# After these titles a following pair of capitalised words is given name + surname.
GIVEN_NAME_TITLES = {"sir", "lady", "lord", "miss", "mr", "mister", "dame", "master", "aunt", "uncle"}


# ----------------------------------------------------------------------------------- LitBank


@dataclass
class Doc:
    name: str
    tokens: list[str]
    per_spans: set[tuple[int, int]]  # inclusive token offsets
    chain_of: dict[tuple[int, int], int]  # coref mention span -> chain id
    chain_mentions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


def read_entities(path: Path) -> tuple[list[str], set[tuple[int, int]]]:
    tokens: list[str] = []
    layers: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        tokens.append(cols[0])
        layers.append([c for c in cols[1:] if c])
    spans: set[tuple[int, int]] = set()
    depth = max((len(layer) for layer in layers), default=0)
    for level in range(depth):
        start = None
        label = None
        for i, row in enumerate(layers + [[]]):
            tag = row[level] if level < len(row) else "O"
            if start is not None and not (tag.startswith("I-") and tag[2:] == label):
                if label == "PER":
                    spans.add((start, i - 1))
                start = label = None
            if tag.startswith("B-"):
                start, label = i, tag[2:]
    return tokens, spans


def read_coref(path: Path) -> tuple[list[str], dict[tuple[int, int], int]]:
    tokens: list[str] = []
    chain_of: dict[tuple[int, int], int] = {}
    open_: dict[int, list[int]] = defaultdict(list)
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        i = len(tokens)
        tokens.append(cols[3])
        tag = cols[-1].strip() or cols[-2].strip()
        if tag in ("", "_", "-"):
            continue
        for part in tag.split("|"):
            m = re.fullmatch(r"(\()?(\d+)(\))?", part)
            if not m:
                continue
            cid = int(m.group(2))
            if m.group(1) and m.group(3):
                chain_of[(i, i)] = cid
            elif m.group(1):
                open_[cid].append(i)
            elif open_[cid]:
                chain_of[(open_[cid].pop(), i)] = cid
    return tokens, chain_of


def read_litbank() -> list[Doc]:
    docs = []
    for path in sorted((LITBANK / "entities").glob("*.tsv")):
        tokens, per = read_entities(path)
        ctokens, chain_of = read_coref(LITBANK / "coref" / f"{path.stem}.conll")
        if ctokens != tokens:
            raise SystemExit(f"{path.stem}: entity and coref tokens differ")
        doc = Doc(path.stem, tokens, per, chain_of)
        by_chain: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for span, cid in chain_of.items():
            by_chain[cid].append(span)
        doc.chain_mentions = dict(by_chain)
        docs.append(doc)
    return docs


def chain_pronouns(doc: Doc, cid: int) -> tuple[int, int]:
    """(male, female) third-person pronoun mentions in a chain."""
    m = f = 0
    for a, b in doc.chain_mentions.get(cid, ()):
        if a == b:
            w = doc.tokens[a].lower()
            m += w in MALE_PRONOUNS
            f += w in FEMALE_PRONOUNS
    return m, f


def chain_gender(doc: Doc, cid: int, min_pronouns: int = 1, agree: float = CHAIN_PRONOUN_AGREE) -> str | None:
    m, f = chain_pronouns(doc, cid)
    if m + f < min_pronouns:
        return None
    if m / (m + f) >= agree:
        return "M"
    if f / (m + f) >= agree:
        return "F"
    return None


def span_chain(doc: Doc, span: tuple[int, int]) -> int | None:
    """The coref chain of an entity span: the same span, else a mention ending on its head."""
    if span in doc.chain_of:
        return doc.chain_of[span]
    same_end = [(s, c) for s, c in doc.chain_of.items() if s[1] == span[1] and s[0] >= span[0]]
    if same_end:
        return min(same_end)[1]
    return None


def span_head(doc: Doc, span: tuple[int, int]) -> int:
    """The head token of a PER span: the last word before a relative clause, PP or apposition."""
    for i in range(span[0] + 1, span[1] + 1):
        if doc.tokens[i].lower() in HEAD_STOPS:
            return i - 1
    return span[1]


def is_group(word: str) -> bool:
    """Plurals and collective nouns (the ladies, the crowd), which do not name one person."""
    if word in GROUP_NOUNS or word.endswith(("men", "folk", "folks", "people")):
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in SINGULAR_IN_S


def build_person_nouns(docs: list[Doc]) -> list[tuple[str, str]]:
    total: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    chains: dict[str, dict[tuple[str, int], str | None]] = defaultdict(dict)
    for doc in docs:
        total.update(t for t in doc.tokens if t.isalpha() and t.islower())
        seen_heads: set[int] = set()
        for span in sorted(doc.per_spans):
            h = span_head(doc, span)
            word = doc.tokens[h]
            if not (word.replace("-", "").isalpha() and word.islower()):
                continue
            if h > 0 and doc.tokens[h - 1] in ("'", "’"):  # Mis ' ess: a clipped word
                continue
            if h not in seen_heads:  # nested layers may share a head token
                seen_heads.add(h)
                heads[word] += 1
            cid = span_chain(doc, (span[0], h))
            if cid is None:
                cid = span_chain(doc, span)
            if cid is not None:
                chains[word][(doc.name, cid)] = chain_gender(doc, cid)
    # hyphenated words are not counted as plain alphabetic tokens above
    for doc in docs:
        total.update(t for t in doc.tokens if "-" in t and t.replace("-", "").isalpha() and t.islower())

    kept: list[tuple[str, str]] = []
    borderline: list[str] = []
    disagreements: list[str] = []
    coref_verdicts = coref_agree = coref_only = 0
    for word, n in sorted(heads.items(), key=lambda kv: (-kv[1], kv[0])):
        share = n / max(total[word], 1)
        if word in PRONOUNS_AND_DETERMINERS or word in NUMBERS or word in HEAD_STOPS or len(word) < 2 or "-and-" in word:
            continue
        if word in EXCLUDED or word in ELLIPTIC_ADJECTIVES:
            print(f"excluded by hand: {word} heads={n} total={total[word]}")
            continue
        plural = is_group(word)
        votes = Counter(g for g in chains[word].values() if g)
        nchains = sum(votes.values())
        coref_g = None
        if nchains >= MIN_CHAINS:
            g, c = votes.most_common(1)[0]
            if c / nchains >= CHAIN_AGREE:
                coref_g = g
        seed_g = seed_gender(word)
        desc = f"{word:16s} heads={n:3d} total={total[word]:4d} share={share:.2f} chains M={votes['M']} F={votes['F']}"
        if plural:
            if n >= MIN_HEADS and share >= MIN_SHARE:
                borderline.append(f"  group    {desc}")
            continue
        # a word the seed table genders is known to name a person: one PER head is enough
        # and so is an agent noun (editor, historian) that heads every PER span it occurs in
        enough = n >= MIN_HEADS or seed_g in ("M", "F") or share == 1.0 and word.endswith(AGENT_SUFFIXES)
        if enough and share >= MIN_SHARE:
            gender = seed_g or coref_g or "-"
            if coref_g:
                coref_verdicts += 1
                coref_agree += seed_g == coref_g
                coref_only += seed_g is None
            if seed_g and coref_g and seed_g != coref_g:
                disagreements.append(f"  seed={seed_g} coref={coref_g} {desc}")
            kept.append((word, gender))
            print(f"keep {gender} {desc}  [{'seed' if seed_g else 'coref' if coref_g else 'none'}]")
        elif n >= MIN_HEADS and share >= MIN_SHARE / 2 or n == 1 and share >= MIN_SHARE:
            borderline.append(f"  rejected {desc}")
    print(f"\nborderline rejected ({len(borderline)}):")
    print("\n".join(borderline))
    print(f"\ncoref gave a verdict for {coref_verdicts} kept words; {coref_agree} agree with the seed table, "
          f"{coref_only} had no seed entry")
    print(f"\nseed/coref disagreements, seed wins ({len(disagreements)}):")
    print("\n".join(disagreements))
    return sorted(kept)


# ------------------------------------------------------------------------------ given names

# Not given names although PDNC or LitBank use them as one: the weekday code names of The Man Who
# Was Thursday, PDNC's placeholder for unknown speakers, words that open an epithet.
NOT_GIVEN = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "unknowable",
    "another", "some", "two", "three", "four", "five", "first", "second", "third", "last", "other",
    "comrade", "nawab", "rajah", "monsignor", "superintendent", "inspector", "sergeant", "farmer",
    "parson", "mammy", "marse", "marster", "massa", "boss", "god", "lord", "christ", "jesus",
}
# Known PDNC annotation slips (a pen name filed as an alias, another character's name, a gender
# typo), found by reading the vote table this script prints: (novel, alias) or (novel, main name).
PDNC_SKIP_ALIASES = {
    ("ARoomWithAView", "Joseph Emery Prank"),  # Miss Lavish's pen name
    ("AnneOfGreenGables", "Josie Pye"),  # filed under Aunt Josephine
    ("AnneOfGreenGables", "Gertie Pye"),
    ("MansfieldPark", "Frederick"),  # filed under Henry Crawford
}
PDNC_GENDER_FIXES = {("NorthangerAbbey", "Frederick Tilney"): "M"}  # Captain Tilney, marked F

# A word after one of these titles, with no capitalised word after it, is a surname ("Mr. Darcy").
TITLED_SURNAME = re.compile(
    r"\b(?:Mr|Mrs|Messrs|Mister|Missus|Dr|Doctor|Colonel|Captain|Inspector|Professor|Sergeant|Signor|"
    r"Monsieur|Herr|General|Major|Lieutenant|Constable|Superintendent|Reverend)\.?\s+([A-Z][a-z]+)\b(?![ \t]+[A-Z])"
)
# A word after one of these, alone, is a given name ("Sir William", "Uncle Tom").
TITLED_GIVEN = re.compile(r"\b(?:Sir|Uncle|Cousin)\s+([A-Z][a-z]+)\b(?![ \t]+[A-Z])")


def clean_word(w: str) -> str:
    return w.strip(".,;:!?\"'()[]_")


def is_name_word(w: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", w))


FUNCTION_WORDS = {"of", "the", "and", "in", "from", "with", "at", "on", "to", "a", "an", "for", "by"}
# Honorifics written after the name: "Hamidullah Begum" is Mrs. Hamidullah.
TRAILING_TITLES = {"begum", "sahib", "bey", "pasha", "effendi", "esq", "esquire", "senior", "junior"}


@dataclass
class NameContext:
    common: set[str]  # words mostly written in lower case (rose, march, black), person nouns
    surnames: set[str]  # words seen as "Mr. X" / "Dr. X" in the texts
    firsts: set[str] = field(default_factory=set)  # first words of "Given Surname" names, "Sir X"


def name_words(words: list[str]) -> tuple[str | None, list[str]]:
    """(last title, the words after the leading titles) of a name."""
    words = [clean_word(w) for w in words if clean_word(w)]
    title = None
    while words and words[0].lower().rstrip(".") in NAME_TITLES:
        title = words.pop(0).lower().rstrip(".")
    return title, words


def given_name(words: list[str], ctx: NameContext, paired: frozenset[str] = frozenset(),
               own_surnames: frozenset[str] = frozenset(), gender: str = "") -> str | None:
    """The given name in a name, or None when it has none.

    `paired` holds the words the same character goes by both alone and as "Word Surname" (Rose,
    Rose Maylie): such a word is a given name even when it is a common word. `own_surnames` holds
    the last words of the character's other names: "Twist" alone is Oliver's surname. A lone
    word is taken as a given name when it is seen opening a "Given Surname" name or after "Sir",
    or when it names a woman (the novels hardly call women by a bare surname) and is never seen
    as "Mr. X"; men go by their bare surname so often (Bitzer, Manning) that it needs evidence.
    """
    title, words = name_words(words)
    if not words or not all(is_name_word(w) for w in words):
        return None  # "Lucy'S Brother", "_unknowable"
    lowered = [w.lower() for w in words]
    if FUNCTION_WORDS & set(lowered) or lowered[-1] in TRAILING_TITLES:
        return None  # "Mr. Darcy Of Pemberley", "Hamidullah Begum"
    first = lowered[0]
    if first in NOT_GIVEN:
        return None
    if title is not None:
        # "Sir William Lucas" names William; "Mrs. John Dashwood" names her husband; "Mr. Darcy" is a surname
        if title in HUSBAND_NAME_TITLES or title not in GIVEN_NAME_TITLES or len(words) < 2:
            return None
        if first in ctx.surnames and first not in ctx.firsts:
            return None
    if len(words) == 1:
        if first in own_surnames or first in ctx.surnames:
            return None
        if first not in ctx.firsts and first not in paired and gender != "F":
            return None
    elif lowered[-1] in ctx.common:
        return None  # an epithet: "March Hare", "Italian Lady", "Comrade Buttons"
    if first in ctx.common and first not in paired or seed_gender(first) is not None:
        return None
    return first


def read_pdnc() -> list[tuple[str, str, set[str], str]]:
    rows = []
    for path in sorted(PDNC.glob("*/character_info.csv")):
        novel = path.parent.name
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                try:
                    aliases = set(ast.literal_eval(row["Aliases"]))
                except (ValueError, SyntaxError):
                    aliases = set()
                main = row["Main Name"]
                names = {n for n in {main} | aliases if (novel, n) not in PDNC_SKIP_ALIASES}
                gender = PDNC_GENDER_FIXES.get((novel, main), row["Gender"].strip())
                rows.append((novel, main, names, gender))
    return rows


def pdnc_names(rows, ctx: NameContext) -> tuple[dict[str, Counter], int]:
    votes: dict[str, Counter] = defaultdict(Counter)
    rejected_lone: set[str] = set()
    characters = 0
    for novel, main, names, gender in rows:
        if gender not in ("M", "F"):
            continue
        characters += 1
        split = [name_words(n.split())[1] for n in names]
        alone = {ws[0].lower() for ws in split if len(ws) == 1}
        paired = frozenset(ws[0].lower() for ws in split if len(ws) >= 2 and ws[0].lower() in alone)
        own_surnames = frozenset(ws[-1].lower() for ws in split if len(ws) >= 2)
        given = {g for n in names if (g := given_name(n.split(), ctx, paired, own_surnames, gender))}
        lone = {ws[0].lower() for ws in split if len(ws) == 1} - given
        rejected_lone.update(w for w in lone if w not in ctx.common)
        for g in given:  # one vote per character
            votes[g][gender] += 1
    rejected_lone -= set(votes)
    print(f"\nPDNC lone names not taken as given names ({len(rejected_lone)}): {' '.join(sorted(rejected_lone))}")
    return votes, characters


def litbank_names(docs: list[Doc], ctx: NameContext) -> dict[str, Counter]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        seen: dict[tuple[str, int], str] = {}
        for span in sorted(doc.per_spans):
            toks = doc.tokens[span[0] : span[1] + 1]
            if len(toks) < 2 or not all(t[:1].isupper() for t in toks):
                continue
            g = given_name(toks, ctx)
            if not g:
                continue
            cid = span_chain(doc, span)
            if cid is None:
                continue
            gender = chain_gender(doc, cid, NAME_MIN_PRONOUNS, NAME_PRONOUN_AGREE)
            if gender:
                seen[(g, cid)] = gender
        for (g, _), gender in seen.items():  # one vote per chain
            votes[g][gender] += 1
    return votes


def decide(votes: dict[str, Counter]) -> tuple[dict[str, str], list[str]]:
    out: dict[str, str] = {}
    split: list[str] = []
    for name, c in sorted(votes.items()):
        g, n = c.most_common(1)[0]
        if n / sum(c.values()) >= NAME_VOTE_AGREE:
            out[name] = g
        else:
            split.append(f"{name} M={c['M']} F={c['F']}")
    return out, split


def name_context(docs: list[Doc], rows) -> NameContext:
    """Case statistics and titled surnames over the LitBank tokens and the PDNC novels, and the
    words that open an untitled "Given Surname" name in PDNC or a LitBank PER span."""
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    given_titled: Counter[str] = Counter()
    texts = [" ".join(d.tokens) for d in docs]
    texts += [p.read_text("utf-8", errors="replace") for p in sorted(PDNC.glob("*/novel_text.txt"))]
    for text in texts:
        for w in re.findall(r"[A-Za-z]+", text):
            total[w.lower()] += 1
            lower[w.lower()] += w.islower()
        titled.update(m.lower() for m in TITLED_SURNAME.findall(text))
        given_titled.update(m.lower() for m in TITLED_GIVEN.findall(text))
    common = {w for w, n in total.items() if lower[w] >= 3 and lower[w] / n >= 0.3}
    surnames = {w for w, n in titled.items() if n >= 1}
    firsts: set[str] = {w for w, n in given_titled.items() if n >= 1 and w not in surnames}
    spans = [n.split() for _, _, names, _ in rows for n in names]
    spans += [d.tokens[a : b + 1] for d in docs for a, b in d.per_spans]
    for span in spans:
        title, ws = name_words(span)
        if len(ws) >= 2 and all(is_name_word(w) for w in ws):
            if title is None:
                firsts.add(ws[0].lower())
    return NameContext(common, surnames, firsts)


def build_given_names(docs: list[Doc], nouns: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, int]]:
    rows = read_pdnc()
    ctx = name_context(docs, rows)
    # role words used as names ("Maidservant", "Parlor-Maid") are person nouns, not given names
    ctx.common |= {w for w, _ in nouns} | SEED_MALE | SEED_FEMALE | SEED_NEUTRAL
    pv, characters = pdnc_names(rows, ctx)
    lv = litbank_names(docs, ctx)
    pdnc, psplit = decide(pv)
    lit, lsplit = decide(lv)
    print(f"\nPDNC: {characters} gendered characters -> {len(pdnc)} names ({len(psplit)} split: {', '.join(psplit)})")
    print(f"LitBank: {len(lit)} names ({len(lsplit)} split: {', '.join(lsplit)})")
    merged: dict[str, str] = {}
    conflicts = []
    for name in sorted(set(pdnc) | set(lit)):
        gs = {g for g in (pdnc.get(name), lit.get(name)) if g}
        if len(gs) > 1:
            conflicts.append(name)
            continue
        merged[name] = gs.pop()
    both = len(set(pdnc) & set(lit)) - len(conflicts)
    print(f"merged: {len(merged)} names ({len(pdnc)} PDNC, {len(lit)} LitBank, {both} in both, "
          f"{len(conflicts)} conflicts dropped: {', '.join(conflicts)})")
    for name, g in sorted(merged.items()):
        src = "+".join(s for s, d in (("pdnc", pdnc), ("litbank", lit)) if name in d)
        print(f"  {name} {g}  [{src}] pdnc={dict(pv.get(name, {}))} litbank={dict(lv.get(name, {}))}")
    stats = {"pdnc": len(pdnc), "litbank": len(lit), "both": both, "conflicts": len(conflicts),
             "characters": characters}
    return sorted(merged.items()), stats


# ----------------------------------------------------------------------------------- output


def write(path: Path, header: list[str], rows: list[tuple[str, str]]) -> None:
    body = [f"# {line}" if line else "#" for line in header]
    body += [f"{w} {g}" for w, g in rows]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} entries")


def main() -> None:
    docs = read_litbank()
    print(f"LitBank: {len(docs)} documents, {sum(len(d.tokens) for d in docs)} tokens\n")
    nouns = build_person_nouns(docs)
    counts = Counter(g for _, g in nouns)
    write(
        OUT / "person_nouns.txt",
        [
            "Common nouns that name a person in fiction, with the gender they imply (M, F or -).",
            f"Generated by `{COMMAND}` -- do not edit by hand; change the script and rerun it.",
            "Source: LitBank (Bamman et al. 2019/2020, CC BY 4.0), ../shared/data/litbank:",
            "lower-case heads of PER spans in entities/*.tsv (the last word before a relative clause,",
            f"PP or apposition) that head >= {MIN_HEADS} spans (1 if the seed table genders them or an agent",
            "noun -er/-or/-ist/-ian/-ant/-ent/-eer is a PER head at each of its occurrences) and are",
            f"PER heads in >= {MIN_SHARE:.0%} of their lower-case occurrences; pronouns, determiners, plurals,",
            "group nouns and adjectives used as nouns dropped. Gender: the seed table in the script, else the he/she",
            f"pronouns of the coref/*.conll chains of those mentions (>= {MIN_CHAINS} gendered chains,",
            f">= {CHAIN_AGREE:.0%} one gender), else '-'. The seed table wins a disagreement; it keeps role",
            "nouns neutral (doctor, captain, nurse) though LitBank's chains lean one way.",
            f"{len(nouns)} words: {counts['M']} M, {counts['F']} F, {counts['-']} -.",
        ],
        nouns,
    )
    names, stats = build_given_names(docs, nouns)
    counts = Counter(g for _, g in names)
    write(
        OUT / "given_names.txt",
        [
            "Given names with the gender they usually carry (M or F): a weak prior, not a rule.",
            f"Generated by `{COMMAND}` -- do not edit by hand; change the script and rerun it.",
            "Sources, ../shared/data: PDNC (Vishnubhotla et al. 2022) pdnc/*/character_info.csv, the",
            "given name in the Main Name and Aliases of each M/F character: titles skipped (\"Sir William",
            "Lucas\" gives william, \"Mr. Darcy\" nothing), epithets (\"March Hare\") and role words dropped;",
            "a lone word is no given name when the texts show it as \"Mr./Dr. X\" or it is the",
            "character's own surname, and for a man it needs to open a \"Given Surname\" name somewhere",
            "or follow Sir/Uncle/Cousin (Bitzer, Manning); a few PDNC alias slips are corrected in the script;",
            "LitBank (CC BY 4.0) entities/*.tsv PER spans of 2+ capitalised tokens, first token, gendered",
            f"by the he/she pronouns of the span's coref/*.conll chain (>= {NAME_MIN_PRONOUNS}, >= {NAME_PRONOUN_AGREE:.0%} one gender).",
            f"A name is kept when >= {NAME_VOTE_AGREE:.0%} of its votes agree; names the sources disagree on are dropped.",
            f"{len(names)} names: {counts['M']} M, {counts['F']} F ({stats['pdnc']} from PDNC, {stats['litbank']} from LitBank,"
            f" {stats['both']} in both, {stats['conflicts']} conflicts dropped).",
        ],
        names,
    )


if __name__ == "__main__":
    main()
