"""The data-to-insight 903 validator's public fake files (tests/fixtures/validator-903, see its README).

The unmodified folder is refused, one problem per episode, because its missing.csv names children its
header.csv does not list; counted from missing.csv alone, missing (M) and away (A) come out apart.
"""
import pandas as pd

from conftest import ROOT
from panelbook import cli
from panelbook.chapters.missing import analysis as m
from panelbook.io import read_input
from panelbook.sources import ssda903

FIXTURE = ROOT / "tests" / "fixtures" / "validator-903"
YEAR = dict(period_start="2017-04-01", period_end="2018-03-31", as_at="2018-03-31", source="ssda903")


def test_unmodified_folder_is_refused_for_episodes_of_children_not_in_header(tmp_path, capsys):
    edition = tmp_path / "edition.yaml"
    edition.write_text(f"title: Validator fake 903\nlocal_authority: Test\ndata_dir: {FIXTURE}\nmissing:\n"
                       + "".join(f"  {k}: {v}\n" for k, v in YEAR.items()))
    assert cli.main(["validate", str(edition), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "The data has 43 problem(s):" in err
    missing = pd.read_csv(FIXTURE / "missing.csv", dtype=str)
    for row, child in enumerate(missing["CHILD"], start=2):
        assert (f"missing.csv, row {row}, column 'CHILD': not found in header.csv (found '{child}') — "
                "add the record to header.csv or correct the reference") in err


def missing_csv_alone() -> m.MissingData:
    """The validator's missing.csv, each child's CHILD and DOB taken from it (its header.csv lacks them)."""
    mis = read_input(FIXTURE, ssda903.MISSING)
    children = mis.drop_duplicates("CHILD").rename(columns={"CHILD": "child_id", "DOB": "dob"})[["child_id", "dob"]]
    episodes = pd.DataFrame({"child_id": mis["CHILD"], "start_date": mis["MIS_START"], "end_date": mis["MIS_END"],
                             "missing_type": mis["MISSING"].fillna("M")})
    return m.MissingData(children, episodes, source="ssda903", has_nationality=False)


def test_counts_by_type_for_the_collection_year():
    t = m.by_type(missing_csv_alone(), m.Params(**YEAR))
    assert t.to_dict("records") == [
        {"missing_type": "M", "children": 18, "episodes": 18, "still_open": 0},
        {"missing_type": "A", "children": 20, "episodes": 22, "still_open": 0},
        {"missing_type": "Total", "children": 37, "episodes": 40, "still_open": 0}]
    # three of the 43 rows start in March 2017; from 1 January 2017 all 43 are in
    wider = m.by_type(missing_csv_alone(), m.Params(**{**YEAR, "period_start": "2017-01-01"}))
    assert wider["episodes"].tolist() == [19, 24, 43] and wider["children"].tolist() == [19, 21, 39]
    # at 31 December 2017 four missing and one away episode were still open
    assert m.by_type(missing_csv_alone(), m.Params(**{**YEAR, "as_at": "2017-12-31"}))["still_open"].tolist() == [4, 1, 5]
