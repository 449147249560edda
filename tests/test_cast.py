import pytest
from typer.testing import CliRunner

from ficlens.cast import CastMember, load_cast, normalize_pronouns
from ficlens.cli import app
from ficlens.reading import InputError

runner = CliRunner()


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_csv(tmp_path):
    path = write(
        tmp_path,
        "cast.csv",
        "Name,ALIASES,Pronouns,notes\n"
        "Elizabeth Bennet,Lizzy; Eliza | Miss Bennet,F,heroine\n"
        '"Darcy, Fitzwilliam",Mr. Darcy,he\n'
        ",,,\n"
        "Jane Bennet,,\n",
    )
    assert load_cast(path) == [
        CastMember("Elizabeth Bennet", ("Lizzy", "Eliza", "Miss Bennet"), "she/her"),
        CastMember("Darcy, Fitzwilliam", ("Mr. Darcy",), "he/him"),
        CastMember("Jane Bennet"),
    ]


def test_csv_name_column_alone_with_bom_and_cp1252(tmp_path):
    utf8 = write(tmp_path, "a.csv", "\ufeffname\nRenée\n".encode("utf-8"))
    assert load_cast(utf8) == [CastMember("Renée")]
    legacy = write(tmp_path, "b.csv", "name,aliases\nZoë Renée Dupont,Zoë\n".encode("cp1252"))
    assert load_cast(legacy) == [CastMember("Zoë Renée Dupont", ("Zoë",))]


def test_yaml_list_of_mappings(tmp_path):
    path = write(
        tmp_path,
        "cast.yaml",
        "- name: Sakura Haruno\n"
        "  aliases: [Sakura-chan, Forehead]\n"
        "  pronouns: She / Her\n"
        "- name: Hatake Kakashi\n"
        "  aliases: Kaka-sensei; Kakashi\n"
        "  pronouns: he\n"
        "- name: Sai\n",
    )
    assert load_cast(path) == [
        CastMember("Sakura Haruno", ("Sakura-chan", "Forehead"), "she/her"),
        CastMember("Hatake Kakashi", ("Kaka-sensei", "Kakashi"), "he/him"),
        CastMember("Sai"),
    ]


def test_yaml_plain_names_under_characters_key(tmp_path):
    path = write(tmp_path, "cast.yml", "characters:\n  - Naruto\n  - name: Hinata\n    pronouns: they\n")
    assert load_cast(path) == [CastMember("Naruto"), CastMember("Hinata", (), "they/them")]
    plain = write(tmp_path, "names.yaml", "- Harry Potter\n- Hermione Granger\n")
    assert [m.name for m in load_cast(plain)] == ["Harry Potter", "Hermione Granger"]


def test_txt(tmp_path):
    path = write(
        tmp_path,
        "cast.txt",
        "# the Bennets\n\nElizabeth Bennet; Lizzy; Eliza\n  Mr. Bennet  \nJane Bennet;;Jane; jane bennet;JANE\n",
    )
    assert load_cast(path) == [
        CastMember("Elizabeth Bennet", ("Lizzy", "Eliza")),
        CastMember("Mr. Bennet"),
        CastMember("Jane Bennet", ("Jane",)),  # empty and repeated aliases dropped
    ]


@pytest.mark.parametrize(
    "given, expected",
    [
        ("he", "he/him"), ("He/Him", "he/him"), ("M", "he/him"), ("male", "he/him"), ("he/him/his", "he/him"),
        ("she", "she/her"), ("F", "she/her"), ("Female", "she/her"), (" she / her ", "she/her"),
        ("they", "they/them"), ("They/Them", "they/them"),
        ("Xe/Xem", "xe/xem"), ("she/they", "she/they"), ("", None), ("  ", None), (None, None),
    ],
)
def test_pronouns_are_normalised(given, expected):
    assert normalize_pronouns(given) == expected


BAD_FILES = {
    "missing": ("gone.csv", None, "no such file"),
    "unknown extension": ("cast.json", '[{"name": "A"}]', "unknown extension"),
    "no name column": ("cast.csv", "character,aliases\nA,B\n", "no 'name' column"),
    "empty name in csv": ("cast.csv", "name,aliases\nA,\n,B\n", "line 3: empty name"),
    "empty name in yaml": ("cast.yaml", "- name: ''\n  aliases: [B]\n", "entry 1: empty name"),
    "yaml name not text": ("cast.yaml", "- Yes\n", "put it in quotes"),
    "bad yaml": ("cast.yaml", "- [unclosed\n", "not valid YAML"),
    "yaml wrong shape": ("cast.yaml", "just a name\n", "expected a list"),
    "yaml mapping without characters": ("cast.yaml", "people: [A]\n", "'characters' key"),
    "undecodable": ("cast.txt", b"\x00\x01\x02" * 50, "binary"),
    "empty file": ("cast.txt", "", "empty"),
    "empty cast": ("cast.txt", "# nobody yet\n\n", "no characters"),
    "header only": ("cast.csv", "name,aliases\n", "no characters"),
    "repeated name": ("cast.txt", "Sakura\nsakura; Sakura-chan\n", "listed twice"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_problems_raise_input_error_naming_the_file(tmp_path, case):
    name, content, reason = BAD_FILES[case]
    path = tmp_path / name
    if content is not None:
        write(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        load_cast(path)
    message = str(caught.value)
    assert str(path) in message and reason in message
    assert "\n" not in message


def test_a_directory_is_refused(tmp_path):
    folder = tmp_path / "cast.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        load_cast(folder)


@pytest.fixture
def story(tmp_path):
    return write(tmp_path, "fic.txt", '"Hello," Sakura said.\n\n"Bye," said Kakashi.\n')


def test_cli_missing_cast_file_exits_2_with_one_line(story, tmp_path):
    gone = tmp_path / "gone.csv"
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out"), "-c", str(gone), "--no-nlp"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "gone.csv" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_bad_cast_file_exits_2(story, tmp_path):
    bad = write(tmp_path, "cast.csv", "who,aliases\nSakura,\n")
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out"), "--characters", str(bad)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "no 'name' column" in result.output


def test_cli_accepts_a_valid_cast(story, tmp_path, monkeypatch):
    cast = write(tmp_path, "cast.yaml", "- name: Sakura\n  pronouns: she\n- Kakashi\n")
    seen = []
    from ficlens.corpus import runner as corpus_runner

    real = corpus_runner.analyze_text

    def spy(*args, **kwargs):
        seen.append(kwargs.get("cast"))
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus_runner, "analyze_text", spy)
    result = runner.invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out"), "-c", str(cast), "--no-nlp"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "fic.json").is_file()
    assert seen == [[CastMember("Sakura", (), "she/her"), CastMember("Kakashi")]]


def test_analyze_passes_the_cast_to_the_characters_stage(monkeypatch):
    from ficlens import nlp, pipeline

    calls = []
    monkeypatch.setattr(nlp, "tokenize", lambda doc, **kwargs: None)
    monkeypatch.setattr(pipeline, "find_characters", lambda doc, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(pipeline, "resolve", lambda doc: None, raising=False)  # coreference, when present
    cast = [CastMember("Sakura", ("Sakura-chan",), "she/her")]
    pipeline.analyze("Sakura waved.\n\nShe left.", cast=cast)
    pipeline.analyze("Sakura waved.\n\nShe left.")
    assert calls == [{"cast": cast}, {"cast": None}]


def test_a_cast_description_broken_by_a_line_wrap_is_still_found():
    import ficlens

    text = '"Sit down," said the old\ncook.\n\n"Thank you," said Anna Brown.\n\n"Eat," said the old cook.'
    doc = ficlens.analyze(text, cast=[CastMember("The Old Cook", (), "she/her")], attribution=False)
    cook = next(c for c in doc.characters if c["name"] == "The Old Cook")
    assert cook["mention_count"] >= 2
