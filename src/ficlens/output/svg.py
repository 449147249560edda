"""Small inline SVG charts for the HTML reader: the conversation network, stacked bars of lines per
chapter and a grid of appearances per chapter. Every label is escaped (markupsafe)."""
from __future__ import annotations

from markupsafe import Markup

MIN_WIDTH = 320  # a chart of one or two chapters is drawn at this width, not blown up to the panel's
LEGEND_COLUMN = 150


def _svg(width: int, height: int, label: str, body: list[Markup], fit: bool = False) -> Markup:
    """fit: scaled to the panel's width (the network); else drawn at its own size, so that its
    lettering stays legible, and scrolled sideways when wider than the panel."""
    size = Markup("") if fit else Markup(' width="{}" height="{}"').format(width, height)
    head = Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}"{} class="{}" role="img" '
                  'aria-label="{}">').format(width, height, size, "fit" if fit else "", label)
    return head + Markup("").join(body) + Markup("</svg>")


def _labelled(k: int, count: int) -> bool:
    """Whether unit k (from 0) of `count` gets its number on the axis: all of them up to 20, else
    the first and every fifth."""
    return count <= 20 or k == 0 or (k + 1) % 5 == 0


def network(nodes: list[dict], edges: list[tuple[str, str, int]], size: int = 460) -> Markup:
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
        radius = 4 + 10 * (n["volume"] / top_node) ** 0.5
        body.append(Markup('<g class="node" data-c="{}" tabindex="0" role="button" aria-pressed="false" '
                           'aria-label="{}: {} lines said and heard; press to pick out their lines">'
                           '<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}"><title>{}: {} lines said and heard'
                           '</title></circle><text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text></g>').format(
            n["id"], n["name"], n["volume"], x, y, radius, n["color"], n["name"], n["volume"], x, y - 4 - radius,
            n["name"]))
    return _svg(size, size, "Conversation network: who speaks to whom", body, fit=True)


def stacked_bars(unit: str, series: list[tuple[str, str, list[int]]], height: int = 180) -> Markup:
    """series: (name, colour, count per chapter or scene), stacked bottom up, with a legend below."""
    units = len(series[0][2])
    totals = [sum(s[2][k] for s in series) for k in range(units)]
    top = max(totals, default=0) or 1
    bar, left, base = 14 if units <= 20 else 10, 30, height - 20
    width = max(left + units * (bar + 4) + 10, MIN_WIDTH)
    body = [Markup('<text x="2" y="12" class="axis">{}</text>').format(top),
            Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888"/>').format(left - 2, base, width, base)]
    for k in range(units):
        x, y = left + k * (bar + 4), base
        for name, colour, counts in series:
            h = (height - 40) * counts[k] / top
            if counts[k]:
                y -= h
                body.append(Markup('<rect x="{}" y="{:.1f}" width="{}" height="{:.1f}" fill="{}">'
                                   '<title>{} {}: {}, {} lines</title></rect>').format(
                    x, y, bar, h, colour, unit.capitalize(), k + 1, name, counts[k]))
        if _labelled(k, units):
            body.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>').format(
                x + bar / 2, height - 6, k + 1))
    legend, legend_height = _legend([(name, colour) for name, colour, _ in series], height + 4, width)
    return _svg(width, height + legend_height, f"Lines spoken per {unit}, by character", body + legend)


def _legend(entries: list[tuple[str, str]], top: int, width: int) -> tuple[list[Markup], int]:
    """Swatches and names in columns LEGEND_COLUMN wide; the markup and its height."""
    columns = max(width // LEGEND_COLUMN, 1)
    body = []
    for k, (name, colour) in enumerate(entries):
        x, y = (k % columns) * LEGEND_COLUMN, top + (k // columns) * 15
        body.append(Markup('<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                           '<text x="{}" y="{}" class="axis">{}</text>').format(
            x, y, colour, x + 14, y + 9, _short(name, 22)))
    return body, (len(entries) + columns - 1) // columns * 15 + 4


def grid(unit: str, rows: list[tuple[str, str, list[int]]]) -> Markup:
    """rows: (name, colour, count per chapter or scene); a cell's opacity grows with the count."""
    chapters = len(rows[0][2])
    cell, left, top_pad = 14 if chapters <= 20 else 12, 100, 16
    width, height = max(left + chapters * cell + 4, MIN_WIDTH), top_pad + len(rows) * cell + 4
    top = max((c for _, _, counts in rows for c in counts), default=0) or 1
    body = [Markup('<text x="{}" y="11" class="axis" text-anchor="middle">{}</text>').format(
        left + k * cell + cell / 2, k + 1) for k in range(chapters) if _labelled(k, chapters)]
    for r, (name, colour, counts) in enumerate(rows):
        y = top_pad + r * cell
        body.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>').format(
            left - 4, y + cell - 3, _short(name, 16)))
        for k, n in enumerate(counts):
            if n:
                body.append(Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{:.2f}">'
                                   '<title>{}, {} {}: {} mentions</title></rect>').format(
                    left + k * cell, y, cell - 1, cell - 1, colour, 0.15 + 0.85 * (n / top) ** 0.5, name, unit, k + 1,
                    n))
    return _svg(width, height, f"Who appears in each {unit} (mentions)", body)


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"

