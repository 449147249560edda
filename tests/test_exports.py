"""Exports: BookNLP TSV files whose offsets match the text, GraphML that networkx reads back, charts."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

import ficlens
from ficlens.cli import app
from ficlens.output.exports.booknlp import ENTITY_COLUMNS, QUOTE_COLUMNS, TOKEN_COLUMNS, tables
from ficlens.output.exports.graph import conversation_graph, graphml
from ficlens.output.json_out import dumps
from ficlens.output.reader import chart_series

runner = CliRunner()

STORY = """Chapter 1

Anna found Ben in the\tkitchen. "Ben, where is the key?" Anna asked.

"I gave it to Cara," Ben said. "Ask her, Anna."

Chapter 2

Cara waited by the door.
"Anna, here it is," Cara said.

"Thank you, Cara," Anna said.
"""


@pytest.fixture(scope="module")
def doc():
    return ficlens.analyze(STORY)


def _rows(content: str) -> list[dict]:
    return list(csv.DictReader(content.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_tokens_offsets_match_the_text(doc):
    rows = _rows(tables(doc)["tokens"])
    assert tuple(rows[0]) == TOKEN_COLUMNS
    assert rows and all(STORY[int(r["byte_onset"]):int(r["byte_offset"])] == r["word"] for r in rows)
    assert [int(r["token_ID_within_document"]) for r in rows] == list(range(len(rows)))
    assert not any(r["word"].isspace() or not r["word"] for r in rows)  # line breaks left out, tab kept out
    heads = {int(r["syntactic_head_ID"]) for r in rows}
    assert heads <= set(range(len(rows)))


def test_entities_and_quotes_point_at_their_tokens(doc):
    files = tables(doc)
    tokens = _rows(files["tokens"])
    words = lambda first, last: " ".join(t["word"] for t in tokens[int(first):int(last) + 1])
    entities = _rows(files["entities"])
    assert tuple(entities[0]) == ENTITY_COLUMNS and len(entities) == len(doc.mentions)
    assert all(words(e["start_token"], e["end_token"]) == e["text"] for e in entities)
    names = {c["id"]: c["name"] for c in doc.characters}
    anna = next(int(i[1:]) for i, n in names.items() if n == "Anna")
    assert any(e["text"] == "Anna" and int(e["COREF"]) == anna for e in entities)
    quotes = _rows(files["quotes"])
    assert tuple(quotes[0]) == QUOTE_COLUMNS and len(quotes) == len(doc.quotes)
    for row, q in zip(quotes, doc.quotes):
        assert words(row["quote_start"], row["quote_end"]) == row["quote"]
        assert row["quote"].replace(" ", "") == STORY[q.start:q.end].replace(" ", "")
        if row["mention_start"] != "None":
            assert words(row["mention_start"], row["mention_end"]) == row["mention_phrase"]
    said_by_cara = next(r for r, q in zip(quotes, doc.quotes) if "here it is" in STORY[q.start:q.end])
    assert said_by_cara["mention_phrase"] == "Cara" and names[f"c{said_by_cara['char_id']}"] == "Cara"


def test_graphml_round_trips(doc, tmp_path):
    data = doc.to_dict()
    path = tmp_path / "net.graphml"
    path.write_text(graphml(data), encoding="utf-8")
    loaded = nx.read_graphml(path)
    built = conversation_graph(data)
    assert set(loaded.nodes) == {c["id"] for c in doc.characters}
    assert {(a, b, w) for a, b, w in loaded.edges(data="weight")} == set(built.edges(data="weight"))
    by_name = {loaded.nodes[n]["name"]: n for n in loaded}
    assert loaded.has_edge(by_name["Anna"], by_name["Ben"]) and loaded.has_edge(by_name["Cara"], by_name["Anna"])
    assert loaded.nodes[by_name["Anna"]]["lines"] == 2


def test_analyze_all_formats_and_plot(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(story), "--out", str(out), "--format", "all"])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".entities", ".graphml", ".html", ".json", ".quotes", ".tokens"]
    data = json.loads((out / "story.json").read_text("utf-8"))
    assert len(data["chapters"]) == 2
    plotted = runner.invoke(app, ["plot", str(out / "story.json"), "--out", str(tmp_path / "charts"), "-f", "svg"])
    assert plotted.exit_code == 0, plotted.output
    charts = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert charts == ["story-lines.svg", "story-network.svg"]
    assert all((tmp_path / "charts" / c).read_text("utf-8").lstrip().startswith("<?xml") for c in charts)


def test_format_and_plot_errors_are_one_line(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    bad = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path), "--format", "pdf"])
    assert bad.exit_code == 2 and "choose from" in bad.output and "Traceback" not in bad.output
    no_tokens = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path), "--format", "tsv", "--no-nlp"])
    assert no_tokens.exit_code == 2 and "--no-nlp" in no_tokens.output
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    plotted = runner.invoke(app, ["plot", str(junk), "--out", str(tmp_path / "charts")])
    assert plotted.exit_code == 1 and "not a ficlens result" in plotted.output and "Traceback" not in plotted.output


def test_reader_without_nlp(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path), "--format", "html,json", "--no-nlp"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "story.html").read_text("utf-8")
    assert html.count('class="q ') == 5 and "No one speaks to anyone here." in html
    assert json.loads((tmp_path / "story.json").read_text("utf-8"))["relations"] is None


def test_json_file_is_one_record_to_a_line(doc):
    data = doc.to_dict()
    text = dumps(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert len(lines) < len(json.dumps(data, indent=2).splitlines()) / 2
    quote_lines = [line for line in lines if line.lstrip().startswith('{"id": "q')]
    assert len(quote_lines) == len(data["quotes"])  # each quote on its own line
    pair = data["relations"]["pairs"][0]
    assert sum(json.dumps(pair["by_chapter"], ensure_ascii=False) in line for line in lines) == 1


def test_one_chapter_work_is_charted_per_scene():
    one_shot = STORY.replace("Chapter 2\n", "* * *\n").replace("Chapter 1\n", "")
    doc = ficlens.analyze(one_shot)
    unit, series = chart_series(doc, doc.to_dict())
    assert unit == "scene" and len(doc.scenes) == 2
    assert all(len(s["lines"]) == len(s["mentions"]) == 2 for s in series.values())
    assert sum(sum(s["lines"]) for s in series.values()) == sum(c["lines"] for c in doc.characters) > 0
    assert chart_series(ficlens.analyze(STORY), ficlens.analyze(STORY).to_dict())[0] == "chapter"
