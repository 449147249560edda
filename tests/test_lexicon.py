from ficlens import lexicon


def test_diminutives_map_to_formal_names():
    table = lexicon.diminutives()
    assert table["lizzy"] == {"elizabeth"}
    assert table["elizabeth"] == {"elizabeth"}
    assert table["bill"] == {"william"}
    assert table["fanny"] == {"frances"}
    assert table["hetty"] >= {"henrietta", "harriet"}
    assert table["sandy"] == {"alexander", "alexandra"}
    assert {"catherine", "katherine"} <= table["kitty"]
    assert "peggy" in table and "margaret" in table["peggy"]
    assert "sakura" not in table


def test_diminutives_table_is_cached_and_well_formed():
    table = lexicon.diminutives()
    assert lexicon.diminutives() is table
    formal = {line.split()[0] for line in lexicon.lines("diminutives")}
    assert 150 <= len(formal) <= 300
    assert len(formal) == len(lexicon.lines("diminutives"))  # one line per formal name
    assert all(len(line.split()) >= 2 for line in lexicon.lines("diminutives"))
    for name, formals in table.items():
        assert name == name.lower() and name.isalpha()
        assert isinstance(formals, frozenset) and formals <= formal
        if name in formal:
            assert name in formals
