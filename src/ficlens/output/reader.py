"""The offline HTML reader: one self-contained page per work (inline CSS, JS and SVG; no fetches).

The story is rendered here, in Python, with every piece of input text escaped (markupsafe): quotes
as focusable spans coloured by speaker with 'speaker → addressee' shown on hover and focus,
paratext set apart, each scene labelled with its point of view and tense. The page's small script
reads its data from a `<script type="application/json">` block whose `<`, `>` and `&` are written
as JSON escapes, and a Content-Security-Policy allows that one script (by its hash) and nothing from
the network. Chapters are cut into runs of blocks that the browser lays out only when scrolled to
(`content-visibility: auto`), so long novels and long one-chapter fics stay responsive.
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache

import jinja2
from markupsafe import Markup, escape

from ficlens.document import Document
from ficlens.output import svg
from ficlens.output.exports.graph import conversation_graph, layout, talkers
from ficlens.relations import lines_and_mentions, scene_locator

# 16 distinct inks, each with a contrast of at least 4.5:1 on the page and on the notes' background
PALETTE = ("#1f5fa8", "#c0392b", "#1e7b43", "#8e44ad", "#8a5a00", "#0f6e7d", "#c2185b", "#4a5a6a",
           "#6d4c41", "#5b6e00", "#283593", "#b34700", "#00695c", "#6a1b9a", "#9b1b30", "#4e6a9e")
UNKNOWN = "#666666"
PARATEXT = {"author_note": "Author's note", "epigraph": "Epigraph", "metadata": "About this work",
            "end_mark": "", "title": "", "chapter_heading": "", "scene_break": ""}
PORTRAIT = {"agent": "Does", "patient": "Undergoes", "modifiers": "Described as", "possessions": "Has"}
CHUNK = 40  # blocks per lazily laid-out stretch of a chapter
NETWORK_SIZE = 16  # characters drawn in the network
GRID_ROWS = 14  # characters in the appearance grid
CAST_SHOWN = 20  # characters listed before the rest are folded away


@dataclass
class Section:
    """A stretch of the page: the front matter or one chapter, as HTML blocks."""

    id: str
    title: str
    blocks: list[Markup | Note] = field(default_factory=list)

    def chunks(self) -> list[list[Markup | Note]]:
        """The blocks in runs of CHUNK, each laid out by the browser only when scrolled near."""
        return [self.blocks[k:k + CHUNK] for k in range(0, len(self.blocks), CHUNK)]


def page(doc: Document, data: dict) -> str:
    colors = character_colors(data)
    names = {c["id"]: c["name"] for c in data["characters"]}
    sections = story_sections(doc, data, colors, names)
    unit, series = chart_series(doc, data)
    script = _template_source("reader.js")
    context = {
        "title": work_title(doc, data),
        "version": data["ficlens_version"],
        "stats": data["stats"],
        "sections": sections,
        "characters": character_panel(data, colors, names),
        "cast_shown": CAST_SHOWN,
        "pairing": _pairing(data, names),
        "network": network_svg(data, colors),
        "unit": unit,
        "speaking": _chart(data, series, colors, "lines", unit, svg.stacked_bars),
        "appearing": _chart(data, series, colors, "mentions", unit, svg.grid),
        "data_json": Markup(safe_json(page_data(doc, data, colors))),
        "script": Markup(script),
        "script_hash": base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
        "style": Markup(_template_source("reader.css")),
    }
    return _environment().get_template("reader.html.j2").render(context)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("ficlens.output", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _template_source(name: str) -> str:
    return _environment().loader.get_source(_environment(), name)[0]


def safe_json(value) -> str:
    """JSON that cannot end the <script> block holding it: <, >, & and the line separators as escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def work_title(doc: Document, data: dict) -> str:
    titled = next((s for s in doc.structure if s.kind == "title"), None)
    if titled is not None:
        return titled.title or doc.span_text(titled).strip()
    path = data["source"]["path"]
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ") if path else "Untitled"


def character_colors(data: dict) -> dict[str, str]:
    """A colour for each of the characters who speak most; grey for the rest."""
    ranked = sorted((c for c in data["characters"] if c.get("lines")), key=lambda c: -c["lines"])
    colors = {c["id"]: UNKNOWN for c in data["characters"]}
    colors.update((c["id"], PALETTE[k]) for k, c in enumerate(ranked[:len(PALETTE)]))
    return colors


# ---------------------------------------------------------------- the story

@dataclass
class Note:
    """Paratext set apart (an author's note, an epigraph…): the paragraphs of one structure span."""

    region: str
    span: tuple[int, int]
    parts: list[Markup]

    def __html__(self) -> Markup:
        label = PARATEXT.get(self.region, self.region.replace("_", " ").capitalize())
        paragraphs = Markup("").join(Markup("<p>{}</p>").format(part) for part in self.parts)
        return Markup('<aside class="paratext {}"><span class="label">{}</span>{}</aside>').format(
            self.region, label, paragraphs)


def story_sections(doc: Document, data: dict, colors: dict[str, str], names: dict[str, str]) -> list[Section]:
    """The front matter, then one section per chapter heading (its lines joined into one title)."""
    quotes = _quotes_by_paragraph(doc)
    scene_at = {data_scene["paragraphs"][0]: data_scene for data_scene in data["scenes"]}
    sections = [Section("front", "Front matter")]
    for i, p in enumerate(doc.paragraphs):
        heading = p.region == "chapter_heading"
        follows_heading = i > 0 and doc.paragraphs[i - 1].region == "chapter_heading"
        line = " ".join(doc.span_text(p).split())
        if heading and follows_heading:
            sections[-1].title += f": {line}"
        elif heading:
            sections.append(Section(f"part-{len(sections)}", line))
        if i in scene_at:
            sections[-1].blocks.append(_scene_label(scene_at[i]))
        block = _block(doc, i, quotes.get(i, []), colors, names, follows_heading)
        last = sections[-1].blocks[-1] if sections[-1].blocks else None
        if isinstance(block, Note) and isinstance(last, Note) and last.span == block.span:
            last.parts.extend(block.parts)  # the next paragraph of the same note
        else:
            sections[-1].blocks.append(block)
    return [s for s in sections if s.blocks]


def _structure_span(doc: Document, offset: int) -> tuple[int, int]:
    """The structure span (start, end) holding the offset, or (offset, offset) outside every one."""
    return next(((s.start, s.end) for s in doc.structure if s.start <= offset < s.end), (offset, offset))


def _quotes_by_paragraph(doc: Document) -> dict[int, list]:
    found: dict[int, list] = {}
    for q in doc.quotes:
        if q.parent is None:
            found.setdefault(q.paragraph, []).append(q)
    return found


def _scene_label(scene: dict) -> Markup:
    voice = ", ".join(x for x in (f"{scene['pov']} person" if scene["pov"] else "", scene["tense"] or "") if x)
    return Markup('<div class="scene" id="scene-{}"><span>Scene {}{}</span></div>').format(
        scene["index"], scene["index"] + 1, f" · {voice}" if voice else "")


def _block(doc: Document, i: int, quotes: list, colors: dict[str, str], names: dict[str, str],
           follows_heading: bool = False) -> Markup | Note:
    p = doc.paragraphs[i]
    inner = _paragraph_html(doc.text, p.start, p.end, quotes, colors, names)
    if p.region == "story":
        return Markup("<p>{}</p>").format(inner)
    if p.region == "chapter_heading":
        return Markup('<p class="subtitle">{}</p>' if follows_heading else "<h2>{}</h2>").format(inner)
    if p.region == "title":
        return Markup('<p class="work-title">{}</p>').format(inner)
    if p.region == "end_mark":
        return Markup('<p class="end-mark">{}</p>').format(inner)
    if p.region == "scene_break":
        return Markup('<p class="break" aria-label="scene break">{}</p>').format(inner)
    return Note(p.region, _structure_span(doc, p.start), [inner])


def _paragraph_html(text: str, start: int, end: int, quotes: list, colors: dict[str, str],
                    names: dict[str, str]) -> Markup:
    parts, at = [], start
    for q in sorted(quotes, key=lambda q: q.start):
        q_start, q_end = max(q.start, at), min(q.end, end)
        if q_start >= q_end:
            continue
        parts.append(escape(text[at:q_start]))
        parts.append(_quote_span(text[q_start:q_end], q, colors, names))
        at = q_end
    parts.append(escape(text[at:end]))
    return Markup("").join(parts)


def _quote_span(words: str, q, colors: dict[str, str], names: dict[str, str]) -> Markup:
    if q.kind == "other":  # a title or a scare quote: no one says it, so no colour, tooltip or tab stop
        return Markup('<span class="q other">{}</span>').format(words)
    speaker = names.get(q.speaker, "unknown speaker")
    listeners = ", ".join(names[a] for a in q.addressees if a in names) or "no one named"
    tip = f"{speaker} → {listeners}" + (f" ({q.kind})" if q.kind != "speech" else "")
    return Markup('<span class="q {}" tabindex="0" data-s="{}" data-tip="{}" style="--c:{}">{}</span>').format(
        q.kind, q.speaker or "", tip, colors.get(q.speaker, UNKNOWN), words)


# ---------------------------------------------------------------- the side panels

def character_panel(data: dict, colors: dict[str, str], names: dict[str, str]) -> list[dict]:
    ranked = sorted(data["characters"], key=lambda c: (-c.get("lines", 0), -c["mention_count"]))
    return [{
        "id": c["id"], "name": c["name"], "color": colors[c["id"]], "pronouns": c.get("pronouns"),
        "lines": c.get("lines", 0), "mentions": c["mention_count"],
        "aliases": c["aliases"],
        "honorifics": [{"honorific": h["honorific"], "count": h["count"],
                        "by": [(names.get(b["character"], "?"), b["count"]) for b in h.get("by", [])]}
                       for h in c.get("honorifics", [])],
        "portrait": {label: [w["word"] for w in portrait[role][:8]] for role, label in PORTRAIT.items()
                     if (portrait := c.get("portrait") or {}).get(role)},
    } for c in ranked]


def _pairing(data: dict, names: dict[str, str]) -> dict | None:
    pairing = (data.get("relations") or {}).get("pairing")
    if not pairing:
        return None
    return {"names": [names[c] for c in pairing["characters"]], "score": pairing["score"]}


def network_svg(data: dict, colors: dict[str, str]) -> Markup:
    graph = talkers(conversation_graph(data), NETWORK_SIZE)
    pos = layout(graph)
    nodes = [{"id": n, "name": graph.nodes[n]["name"], "color": colors[n], "x": pos[n][0], "y": pos[n][1],
              "volume": graph.nodes[n]["volume"]} for n in graph]
    return svg.network(nodes, [(a, b, w) for a, b, w in graph.edges(data="weight")])


def chart_series(doc: Document, data: dict) -> tuple[str, dict[str, dict[str, list[int]]]]:
    """'chapter' and each character's lines and mentions per chapter; for a work of one chapter
    told in several scenes (a one-shot), 'scene' and the same per scene."""
    if len(data["chapters"]) > 1 or len(doc.scenes) < 2:
        return "chapter", {c["id"]: c["by_chapter"] for c in data["characters"] if "by_chapter" in c}
    return "scene", lines_and_mentions(doc, scene_locator(doc), len(doc.scenes))


def _chart(data: dict, series: dict, colors: dict[str, str], measure: str, unit: str, draw) -> Markup:
    ranked = sorted((c for c in data["characters"] if c["id"] in series and sum(series[c["id"]][measure])),
                    key=lambda c: -sum(series[c["id"]][measure]))
    shown = ranked[:GRID_ROWS] if draw is svg.grid else [c for c in ranked if colors[c["id"]] != UNKNOWN]
    rows = [(c["name"], colors[c["id"]], series[c["id"]][measure]) for c in shown]
    rest = [series[c["id"]][measure] for c in ranked if c not in shown]
    if rest and draw is svg.stacked_bars:
        rows.append(("others", UNKNOWN, [sum(counts) for counts in zip(*rest)]))
    if not rows:
        return Markup('<p class="empty">Nothing to chart.</p>')
    return draw(unit, rows)


def page_data(doc: Document, data: dict, colors: dict[str, str]) -> dict:
    """What the page's script reads: the work's title, characters and scenes."""
    return {
        "title": work_title(doc, data),
        "characters": [{"id": c["id"], "name": c["name"], "color": colors[c["id"]], "lines": c.get("lines", 0)}
                       for c in data["characters"]],
        "scenes": [{"index": s["index"], "chapter": s["chapter"], "pov": s["pov"], "tense": s["tense"]}
                   for s in data["scenes"]],
    }
