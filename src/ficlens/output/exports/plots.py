"""Charts as PNG or SVG (matplotlib, Agg backend): speaking lines per character per chapter, and the
conversation network. Drawn from the JSON analysis."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import networkx as nx  # noqa: E402

from ficlens.output.exports.graph import conversation_graph, layout, talkers  # noqa: E402

TOP = 8  # characters drawn by name; the rest are summed as 'others'
FORMATS = ("png", "svg")


def lines_by_chapter(data: dict, top: int = TOP) -> tuple[int, dict[str, list[int]]]:
    """The number of chapters and, per character name (the `top` most speaking, then 'others'),
    lines per chapter."""
    speaking = sorted((c for c in data["characters"] if c.get("lines")), key=lambda c: -c["lines"])
    chapters = max(len(data.get("chapters") or []), 1)
    series = {c["name"]: c["by_chapter"]["lines"] for c in speaking[:top]}
    if len(speaking) > top:
        series["others"] = [sum(c["by_chapter"]["lines"][k] for c in speaking[top:]) for k in range(chapters)]
    return chapters, series


def plot(data: dict, out_dir: Path, stem: str, fmt: str = "png") -> list[Path]:
    """Write <stem>-lines.<fmt> and <stem>-network.<fmt> into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{stem}-lines.{fmt}", out_dir / f"{stem}-network.{fmt}"]
    _lines_chart(data, written[0])
    _network_chart(data, written[1])
    return written


def _lines_chart(data: dict, path: Path) -> None:
    chapters, series = lines_by_chapter(data)
    fig, ax = plt.subplots(figsize=(max(6, 0.35 * chapters + 3), 4.5))
    bottom = [0] * chapters
    for name, counts in series.items():
        ax.bar(range(chapters), counts, bottom=bottom, label=name)
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_xticks(range(chapters), [str(k + 1) for k in range(chapters)])
    ax.set_xlabel("chapter")
    ax.set_ylabel("lines spoken")
    ax.set_title("Speaking lines per character per chapter")
    if series:
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _network_chart(data: dict, path: Path) -> None:
    graph = talkers(conversation_graph(data), limit=20)
    pos = layout(graph)
    fig, ax = plt.subplots(figsize=(7, 7))
    if graph:
        top = max(w for _, _, w in graph.edges(data="weight")) if graph.edges else 1
        widths = [0.5 + 6 * w / top for _, _, w in graph.edges(data="weight")]
        sizes = [100 + 900 * graph.nodes[n]["volume"] / max(graph.nodes[m]["volume"] for m in graph) for n in graph]
        nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#999999")
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color="#4c78a8")
        nx.draw_networkx_labels(graph, pos, ax=ax, labels={n: graph.nodes[n]["name"] for n in graph}, font_size=9)
    ax.set_title("Who speaks to whom (edge width: lines)")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
