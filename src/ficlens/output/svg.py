"""Small inline SVG charts for the HTML reader: the conversation network, stacked bars of lines per
chapter and a grid of appearances per chapter. Every label is escaped (markupsafe)."""
from __future__ import annotations

from markupsafe import Markup

MIN_WIDTH = 320  # a chart of one or two chapters is drawn at this width, not blown up to the panel's


def _svg(width: int, height: int, label: str, body: list[Markup]) -> Markup:
    head = Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}">').format(
        width, height, label)
    return head + Markup("").join(body) + Markup("</svg>")


def network(nodes: list[dict], edges: list[tuple[str, str, int]], size: int = 420) -> Markup:
    """nodes: {id, name, color, x, y (0..1), volume}; edges: (a, b, lines both ways)."""
    if not nodes:
        return Markup('<p class="empty">No one speaks to anyone here.</p>')
    pad_x, pad_y = 75, 35  # room for the names centred on the outermost nodes
    at = {n["id"]: (pad_x + n["x"] * (size - 2 * pad_x), pad_y + n["y"] * (size - 2 * pad_y)) for n in nodes}
    names = {n["id"]: n["name"] for n in nodes}
    top_edge = max((w for _, _, w in edges), default=1)
    top_node = max(n["volume"] for n in nodes) or 1
    body = []
    for a, b, w in edges:
        (x1, y1), (x2, y2) = at[a], at[b]
        body.append(Markup('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#b0b0b0" '
                           'stroke-width="{:.1f}"><title>{} – {}: {} lines</title></line>').format(
            x1, y1, x2, y2, 0.6 + 5 * w / top_edge, names[a], names[b], w))
    for n in nodes:
        x, y = at[n["id"]]
        body.append(Markup('<g class="node" data-c="{}"><circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}">'
                           '<title>{}: {} lines said and heard</title></circle>'
                           '<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text></g>').format(
            n["id"], x, y, 4 + 10 * (n["volume"] / top_node) ** 0.5, n["color"], n["name"], n["volume"],
            x, y - 8 - 10 * (n["volume"] / top_node) ** 0.5, n["name"]))
    return _svg(size, size, "Conversation network: who speaks to whom", body)


def stacked_bars(chapters: int, series: list[tuple[str, str, list[int]]], height: int = 180) -> Markup:
    """series: (name, colour, count per chapter), stacked bottom up."""
    totals = [sum(s[2][k] for s in series) for k in range(chapters)]
    top = max(totals, default=0) or 1
    bar, left, base = 14, 30, height - 20
    width = max(left + chapters * (bar + 4) + 10, MIN_WIDTH)
    body = [Markup('<text x="2" y="12" class="axis">{}</text>').format(top),
            Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888"/>').format(left - 2, base, width, base)]
    for k in range(chapters):
        x, y = left + k * (bar + 4), base
        for name, colour, counts in series:
            h = (height - 40) * counts[k] / top
            if counts[k]:
                y -= h
                body.append(Markup('<rect x="{}" y="{:.1f}" width="{}" height="{:.1f}" fill="{}">'
                                   '<title>Chapter {}: {}, {} lines</title></rect>').format(
                    x, y, bar, h, colour, k + 1, name, counts[k]))
        body.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>').format(
            x + bar / 2, height - 6, k + 1))
    return _svg(width, height, "Lines spoken per chapter, by character", body)


def grid(chapters: int, rows: list[tuple[str, str, list[int]]]) -> Markup:
    """rows: (name, colour, count per chapter); a cell's opacity grows with the count."""
    cell, left, top_pad = 14, 130, 16
    width, height = max(left + chapters * cell + 10, MIN_WIDTH), top_pad + len(rows) * cell + 4
    top = max((c for _, _, counts in rows for c in counts), default=0) or 1
    body = [Markup('<text x="{}" y="11" class="axis" text-anchor="middle">{}</text>').format(
        left + k * cell + cell / 2, k + 1) for k in range(chapters)]
    for r, (name, colour, counts) in enumerate(rows):
        y = top_pad + r * cell
        body.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>').format(
            left - 4, y + cell - 3, _short(name)))
        for k, n in enumerate(counts):
            if n:
                body.append(Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{:.2f}">'
                                   '<title>{}, chapter {}: {} mentions</title></rect>').format(
                    left + k * cell, y, cell - 1, cell - 1, colour, 0.15 + 0.85 * (n / top) ** 0.5, name, k + 1, n))
    return _svg(width, height, "Who appears in each chapter (mentions)", body)


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"

