"""Reading CSVs as Excel writes them, and reporting problems with file, row and column."""
import pytest

from panelbook.chapters.missing.analysis import CHILDREN, EPISODES
from panelbook.errors import DataError
from panelbook.io import read_input

HEADER = "child_id,dob,sex,nationality,uasc,case_open_date\n"


def write(tmp_path, name, text, encoding="utf-8"):
    (tmp_path / name).write_bytes(text.encode(encoding))
    return tmp_path


def problems(tmp_path, spec):
    with pytest.raises(DataError) as exc:
        read_input(tmp_path, spec)
    return exc.value.problems


def test_bom_cp1252_ddmmyyyy_spaces_flags_and_trailing_blank_rows(tmp_path):
    text = HEADER + " A1 ,01/02/1997,M, Afghanistani ,Yes,2013-05-01\nA2,1996-03-04,female,Côte d’Ivoire,0,04/05/2013\n,,,,,\n\n"
    write(tmp_path, "children.csv", "\ufeff" + text)
    df = read_input(tmp_path, CHILDREN)
    assert df["child_id"].tolist() == ["A1", "A2"]
    assert str(df["dob"].iloc[0].date()) == "1997-02-01" and str(df["case_open_date"].iloc[1].date()) == "2013-05-04"
    assert df["uasc"].tolist() == [True, False] and df["sex"].tolist() == ["M", "F"]
    write(tmp_path, "children.csv", text, encoding="cp1252")
    assert read_input(tmp_path, CHILDREN)["nationality"].iloc[1] == "Côte d’Ivoire"


def test_ssda903_headers_accepted(tmp_path):
    write(tmp_path, "missing_episodes.csv", "CHILD,MISSING,MIS_START,MIS_END\nA1,M,01/05/2013,02/05/2013\nA1,A,03/05/2013,\n")
    df = read_input(tmp_path, EPISODES)
    assert df["missing_type"].tolist() == ["M", "A"] and df["end_date"].isna().tolist() == [False, True]


def test_missing_column_named_with_row_1(tmp_path):
    write(tmp_path, "children.csv", "child_id,dob,sex,nationality,case_open_date\nA,2000-01-01,M,X,2013-01-01\n")
    (p,) = problems(tmp_path, CHILDREN)
    assert (p.file, p.row, p.column) == ("children.csv", 1, "uasc") and "missing" in p.rule


def test_every_bad_cell_reported_at_once_with_spreadsheet_rows(tmp_path):
    text = HEADER + "A,2000-01-01,M,X,Y,2013-01-01\nA,2000-13-01,M,X,maybe,2013-01-01\nB,2000-01-01,Q,X,N,\n"
    write(tmp_path, "children.csv", text)
    got = {(p.row, p.column): p for p in problems(tmp_path, CHILDREN)}
    assert got[(3, "dob")].rule == "not a date" and got[(3, "dob")].value == "2000-13-01"
    assert got[(3, "uasc")].rule == "not a yes/no flag"
    assert "unknown code" in got[(4, "sex")].rule
    assert "blank" in got[(4, "case_open_date")].rule
    assert "duplicate" in got[(3, "child_id")].rule
    assert "children.csv, row 3, column 'dob': not a date" in str(got[(3, "dob")])


def test_end_before_start_is_a_row_rule(tmp_path):
    write(tmp_path, "missing_episodes.csv", "child_id,start_date,end_date\nA,2013-05-02,2013-05-01\n")
    (p,) = problems(tmp_path, EPISODES)
    assert (p.row, p.column, p.rule) == (2, "end_date", "end_date is before start_date")


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"PK\x03\x04\x14\x00\x00\x00binary", "not a CSV"),
    (b"child_id;start_date;end_date\nA;2013-01-01;\n", "wrong delimiter"),
    (b"child_id,start_date,end_date\n", "no data rows"),
])
def test_unreadable_files(tmp_path, content, words):
    (tmp_path / "missing_episodes.csv").write_bytes(content)
    (p,) = problems(tmp_path, EPISODES)
    assert words in p.rule and p.file == "missing_episodes.csv"


def test_file_not_found(tmp_path):
    (p,) = problems(tmp_path, EPISODES)
    assert p.rule == "file not found"


def test_future_date_rejected(tmp_path):
    write(tmp_path, "missing_episodes.csv", "child_id,start_date,end_date\nA,2999-01-01,\n")
    (p,) = problems(tmp_path, EPISODES)
    assert p.rule == "date is in the future" and p.row == 2
