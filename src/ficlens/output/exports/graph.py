"""The conversation network as a networkx graph, and as GraphML.

Built from the JSON analysis (`Document.to_dict()` or a file `ficlens analyze` wrote): one node per
character (name, gender, lines spoken, mentions), one directed edge from speaker to addressee
weighted by the lines spoken to them (`relations.pairs[*].lines_from`).
"""
from __future__ import annotations

import io

import networkx as nx


def conversation_graph(data: dict) -> nx.DiGraph:
    graph = nx.DiGraph()
    for c in data["characters"]:
        graph.add_node(c["id"], name=c["name"], gender=c.get("gender") or "", lines=c.get("lines", 0),
                       mentions=c.get("mention_count", 0))
    for pair in (data.get("relations") or {}).get("pairs", []):
        a, b = pair["characters"]
        for speaker, listener in ((a, b), (b, a)):
            if pair["lines_from"].get(speaker):
                graph.add_edge(speaker, listener, weight=pair["lines_from"][speaker])
    return graph


def graphml(data: dict) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(conversation_graph(data), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def talkers(graph: nx.DiGraph, limit: int) -> nx.Graph:
    """The undirected network of the `limit` characters with most lines said and heard; edge weight
    is lines both ways."""
    heard = dict(graph.in_degree(weight="weight"))
    said = dict(graph.out_degree(weight="weight"))
    ranked = sorted((n for n in graph if said[n] + heard[n] > 0), key=lambda n: -(said[n] + heard[n]))[:limit]
    small = nx.Graph()
    small.add_nodes_from((n, graph.nodes[n] | {"volume": said[n] + heard[n]}) for n in ranked)
    for a, b, w in graph.subgraph(ranked).edges(data="weight"):
        total = small.edges[a, b]["weight"] + w if small.has_edge(a, b) else w
        small.add_edge(a, b, weight=total)
    return small


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1] x [0, 1], the same for the same graph (fixed seed). Edge weights are left
    out of the layout: heavy edges would pull the main characters on top of one another."""
    if not graph:
        return {}
    if len(graph) == 1:
        return {next(iter(graph)): (0.5, 0.5)}
    pos = nx.spring_layout(graph, k=2.5 / len(graph) ** 0.5, iterations=200, weight=None, seed=seed)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    return {n: ((x - min(xs)) / span_x, (y - min(ys)) / span_y) for n, (x, y) in pos.items()}
