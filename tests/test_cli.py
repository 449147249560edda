import json

import pytest
from typer.testing import CliRunner

from ficlens import __version__
from ficlens.cli import app
from ficlens.output.json_out import validate

runner = CliRunner()


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "fic.txt"
    path.write_text('A/N: hi!\n\n"Hello," Sakura said.\n\n* * *\n\n"Bye."\n', encoding="utf-8")
    return path


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_help_teaches():
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    assert "--out" in result.output and "Exit status" in result.output


def test_analyze_writes_json_and_summarises(story, tmp_path):
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out"), "--no-nlp"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "fic.json").read_text("utf-8"))
    validate(data)
    assert [q["text"] for q in data["quotes"]] == ['"Hello,"', '"Bye."']
    assert "2 quotes" in result.output and "1 author's note" in result.output


def test_bad_inputs_fail_alone(story, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(empty), str(story), str(binary), str(tmp_path / "gone.txt"),
                                 "--out", str(out), "--no-nlp"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["fic.json"]
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(story, tmp_path):
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["analyze", str(story), "--bogus"]).exit_code == 2
    result = runner.invoke(app, ["analyze", str(story), "--out", str(story)])
    assert result.exit_code == 2 and "not a folder" in result.output.replace("\n", " ")


def test_quiet_prints_nothing_on_success(story, tmp_path):
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path / "o"), "--quiet", "--no-nlp"])
    assert result.exit_code == 0 and result.output == ""


def test_folder_input_and_resume(story, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyze", str(tmp_path), "--out", str(out), "--no-nlp"]).exit_code == 0
    again = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(out), "--no-nlp", "--skip-done"])
    assert again.exit_code == 0 and "skipped" in again.output
