"""The sample edition, built for real, reproduces the trafficking report's published tables."""
import pandas as pd
import pytest

from conftest import PUBLISHED, glued, read_export

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

STATUS = {"Found by 30/09/2013": "found", "Still Missing as at 30/09/2013": "still_missing", "Total": "total"}
BANDS = {"1 - 7 Days": "1-7 days", "8 Days - 30 Days": "8-30 days", "1 Month - 6 Months": "1-6 months",
         "6 Months - 1 Year": "6 months-1 year", "1 Year - 2 Years": "1-2 years", "2 Years - 3 Years": "2-3 years",
         "3 Years - 5 Years": "3-5 years", "5 years +": "5 years+", "Grand Total": "Total"}
AGE_COLS = {"Number returned": "found", "Number remaining missing": "still_missing", "Total children": "children",
            "Total of missing episodes (footnote 4)": "episodes"}


def published(name):
    return pd.read_csv(PUBLISHED / name, dtype=str)


def cells(df):
    return {(r.iloc[0], c): r[c] for _, r in df.iterrows() for c in df.columns[1:]}


def test_table1_by_nationality_with_indian_total_corrected(figures):
    got = cells(read_export(figures, "missing-by-nationality"))
    pub = published("uasc_missing_by_nationality.csv")
    for _, p in pub.iterrows():
        row = "Total" if p.row_label == "Grand Total" else p.row_label
        expected = p.value_num
        if row == "Indian" and p.col_label == "Total":
            assert expected == "1"  # printed wrongly: 1 found + 1 still missing
            expected = "2"
        assert got[(row, STATUS[p.col_label])] == expected, (row, p.col_label)
    assert read_export(figures, "missing-by-nationality").columns.tolist() == ["nationality", "found", "still_missing", "total"]


def test_table2_by_age_every_cell(figures):
    df = read_export(figures, "missing-by-age")
    assert df.columns.tolist() == ["age", "found", "still_missing", "children", "episodes"]
    got = cells(df)
    for _, p in published("uasc_missing_by_age.csv").iterrows():
        row = "Total" if p.row_label == "Grand Total" else p.row_label
        assert got[(row, AGE_COLS[p.col_label])] == p.value_num, (row, p.col_label)
    assert df["age"].tolist() == ["14", "15", "16", "17", "18", "19", "20", "22", "Total"]


def test_table3_by_time_open_every_cell_all_bins_in_order(figures):
    df = read_export(figures, "missing-by-time-open")
    assert df.columns.tolist() == ["time_open", "found", "still_missing", "total"]
    assert df["time_open"].tolist() == list(BANDS.values())
    got = cells(df)
    for _, p in published("uasc_missing_by_duration_open.csv").iterrows():
        assert got[(BANDS[p.row_label], STATUS[p.col_label])] == p.value_num, (p.row_label, p.col_label)


def test_episodes_by_nationality_and_share(figures):
    df = read_export(figures, "missing-episodes-by-nationality")
    assert df.columns.tolist() == ["nationality", "children", "episodes", "share_pct"]
    ep = dict(zip(df["nationality"], df["episodes"]))
    names = {"Afghan": "Afghanistani", "Iranian": "Iranian", "Algerian": "Algerian", "Moroccan": "Moroccan",
             "All nationalities": "Total"}
    pub = published("uasc_missing_episodes_by_nationality.csv")
    for _, p in pub[pub.col_label.str.startswith("missing episodes")].iterrows():
        assert ep[names[p.row_label]] == p.value_num
    assert df["nationality"].tolist()[:4] == ["Afghanistani", "Iranian", "Algerian", "Moroccan"]
    assert dict(zip(df["nationality"], df["share_pct"]))["Afghanistani"] == "54.5"  # printed "about 50%"
    assert df.iloc[-1].tolist() == ["Total", "44", "143", "100.0"]


def test_headline_figures_glued_in_prose(sample_build):
    g = glued(sample_build / "notebooks" / "missing.ipynb")
    pub = {r.row_label: int(r.value_num) for r in published("uasc_basic_figures.csv").itertuples()
           if r.value_num.isdigit()}
    assert g["children"] == pub["Young people confirmed as having gone missing Apr-Sep 2013"] == 44
    assert g["episodes"] == pub["Instances of young people absconding from care Apr-Sep 2013"] == 143
    assert g["new_referrals"] == pub["of the 44: new referrals"] == 15
    assert g["still_missing"] == pub["of the 44: have remained missing"] == 13
    assert g["still_missing_new_referrals"] == pub["of the 13 still missing: from the cohort of 15 new referrals"] == 6
    assert g["found"] == 31
    assert g["found_episodes"] == pub["31 returned young people: missing episodes accounted for"] == 85
    assert g["intake"] == pub["New referrals Apr-Sep 2013"] == 94
    tops = published("uasc_missing_episodes_by_nationality.csv")
    assert g["most_episodes"] == int(tops[tops.row_label == "Single Afghan youth A"].value_num.iloc[0]) == 34
    assert g["next_most_episodes"] == int(tops[tops.row_label == "Single Afghan youth B"].value_num.iloc[0]) == 16


def test_chapter_names_the_published_discrepancies(sample_build):
    page = (sample_build / "html" / "chapters" / "missing.html").read_text()
    # each figure named as the book labels it: its table's number, row label and column header
    assert "Table 1.1, Indian / Total: published 1, these data 2" in page
    assert "Table 4" in page and "Afghanistani / Found by 30 September 2013: published 16, these data 13" in page


def test_register_lists_every_table_with_inputs_hashed(figures):
    import json

    reg = json.loads((figures / "register.json").read_text())
    ids = {f["id"] for f in reg["figures"]}
    assert {"missing-by-nationality", "missing-by-age", "missing-by-time-open",
            "missing-episodes-by-nationality", "missing-chart-by-age"} <= ids
    files = {i["file"]: i for i in reg["inputs"]}
    assert len(files["children.csv"]["sha256"]) == 64 and files["missing_episodes.csv"]["rows"] > 143
    assert reg["parameters"]["missing"]["period_start"] == "2013-04-01"
    for f in reg["figures"]:
        assert {"id", "title", "chapter"} <= set(f)


def test_chart_is_offline(sample_build):
    page = (sample_build / "html" / "chapters" / "missing.html").read_text()
    assert "vega-bundle.js" in page and "cdn.jsdelivr" not in page
    assert (sample_build / "html" / "_static" / "vega-bundle.js").stat().st_size > 100_000
    assert '<div class="pb-vega" id="vega-missing-chart-by-age"' in page and "<svg" in page
