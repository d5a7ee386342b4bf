"""Labels, never codes: the catalogue is data, unknown codes pass through, sidecars label CSVs alike."""
import pandas as pd
import pytest

from panelbook import labels
from panelbook.chapters import CHAPTERS


@pytest.mark.parametrize("chapter", [c.slug for c in CHAPTERS])
def test_every_chapter_has_a_catalogue(chapter):
    cat = labels.catalogue(chapter)
    assert cat.columns and cat.header("ci_low") != "ci_low"  # the shared labels under every chapter


def test_the_issue_s_codes_have_their_labels():
    assert labels.value("recruitment", "category", "parent_child") == "Parent and child"
    assert labels.value("recruitment", "measure", "enquiry_conversion") == "Enquiries resulting in approval"
    assert labels.value("audits", "needs_group", "care_leaver") == "Care leavers"
    assert labels.value("surveys", "test", "fisher") == "Fisher's exact test"
    assert labels.header("surveys", "ci_low") == "95% interval, low"
    assert labels.header("complaints", "share_pct") == "Share (%)"
    # a chapter slug, its params section and its module name all find it
    assert labels.catalogue("missing-uasc") == labels.catalogue("missing")


def test_unknown_codes_and_numbers_pass_through_unchanged():
    assert labels.value("recruitment", "category", "our_own_category") == "our_own_category"
    assert labels.value("recruitment", "target", 12) == 12
    assert labels.header("complaints", "West Kent area") == "West Kent area"  # a service as a column
    assert labels.value(None, "category", "parent_child") == "parent_child"  # only the shared labels


def test_a_table_s_own_entries_and_the_data_s_labels():
    cat = labels.catalogue("surveys").table("survey-net-positive")
    assert "question_id" in cat.hide and not labels.catalogue("surveys").hide
    cat = cat.with_values({"survey": {"leaving_care": "Leaving care survey"}})
    assert cat.value("survey", "leaving_care") == "Leaving care survey"
    assert cat.value("test", "chi-square") == "Chi-square test"


def test_the_sidecar_labels_a_csv_as_the_book_did():
    df = pd.DataFrame({"category": ["parent_child", "Own", "Total"], "enquiries": [1454, 3, 1457],
                       "share_pct": [50.0, 33.3, 100.0]})
    meta = {"chapter": "recruitment", "id": "recruitment-funnel", "headers": {"enquiries": "Enquiries made"},
            "labels": {"category": {"Own": "Our own category"}}}
    out = labels.labelled(df, meta)
    assert list(out.columns) == ["Category", "Enquiries made", "Share (%)"]
    assert out["Category"].tolist() == ["Parent and child", "Our own category", "Total"]
    assert out["Enquiries made"].tolist() == [1454, 3, 1457]  # numbers stay numbers (spreadsheets)
    text = labels.labelled_text(df, meta)
    assert text["Enquiries made"].tolist() == ["1,454", "3", "1,457"]
    assert text["Share (%)"].tolist() == ["50.0", "33.3", "100.0"]  # one number of decimals per column


def test_cells_in_the_book_s_style():
    cat = labels.catalogue("audits")
    assert cat.cell("p_value", "8.16e-33") == "p < 0.001"
    assert cat.cell("p_value", 0.04) == "p = 0.04"
    assert cat.cell("p_value", "not computable") == "not computable"
    assert cat.cell("month", "2013-04") == "April 2013"
    assert cat.cell("first_day", "2015-04-10") == "10 April 2015"
    assert cat.cell("establishment_fte", 414.0) == "414"
    assert cat.cell("cases", "c") == "c"
    assert labels.decimals(pd.Series([414.0, 380.5])) == 1 and labels.decimals(pd.Series([414.0, 2.0])) is None


def test_codes_lists_what_the_catalogue_replaces():
    codes = labels.all_codes()
    assert {"parent_child", "care_leaver", "enquiry_conversion", "ci_low", "share_pct", "fisher"} <= codes
    assert "Total" not in codes


def test_published_figures_named_as_the_book_labels_them():
    meta = {"chapter": "recruitment", "id": "recruitment-by-category", "number": "Table 4.3",
            "columns": ["category", "expected"], "headers": {"category": "Category", "expected": "Expected by 31 March 2014"}}
    assert labels.figure_cell(meta, "parent_child", "expected") == "Table 4.3, Parent and child / Expected by 31 March 2014"
    assert labels.figure_cell(None, "parent_child", "expected", "recruitment-by-category") == \
        "recruitment-by-category, parent_child / expected"
    df = pd.DataFrame({"table_id": ["recruitment-by-category", "other"], "row": ["solo", "x"], "column": ["expected", "y"]})
    out = labels.label_figures(df, {"recruitment-by-category": meta})
    assert out.to_dict("records") == [{"table_id": "Table 4.3", "row": "Solo placements", "column": "Expected by 31 March 2014"},
                                      {"table_id": "other", "row": "x", "column": "y"}]


def test_a_local_chapter_keeps_its_labels_in_its_folder(tmp_path):
    (tmp_path / "labels.yaml").write_text("columns: {placement_type: Placement type}\n"
                                          "values: {placement_type: {ifa: Independent fostering agency}}\n")
    cat = labels.catalogue("placement-stability", tmp_path)
    assert cat.header("placement_type") == "Placement type" and cat.header("ci_low") == "95% interval, low"
    assert cat.value("placement_type", "ifa") == "Independent fostering agency"
    assert labels.catalogue("placement-stability").value("placement_type", "ifa") == "ifa"  # no folder: shared only


def test_a_table_as_the_book_shows_it():
    from panelbook.publish import table_html

    df = pd.DataFrame({"category": ["parent_child", "<Our own>", "Total"], "enquiries": [1454, "c", 1500],
                       "rag": ["red", "green", ""], "within_pct": [12.5, 50.0, 13.0]})
    html = table_html(df, {"enquiries": "Enquiries"}, caption="Table 4.1: Enquiries", anchor="recruitment-funnel",
                      catalogue=labels.catalogue("recruitment"))
    assert "Parent and child" in html and "&lt;Our own&gt;" in html and "parent_child" not in html  # escaped, not invented
    assert '<th scope="col" class="pb-num">Enquiries</th>' in html and '<td class="pb-num">1,454</td>' in html
    assert '<td>Red</td>' in html and '<td class="pb-num">50.0</td>' in html  # text left, numbers right, one dp
    assert html.index('id="recruitment-funnel-caption"') < html.index('<div class="pb-table-scroll"')
    assert 'aria-labelledby="recruitment-funnel-caption"' in html


def test_a_csv_read_as_text_is_written_as_the_book_writes_it():
    df = pd.DataFrame({"measure": ["enquiry_conversion"], "denominator": ["1454"], "local_pct": ["13.0"],
                       "time_period": ["201213"], "ref": ["1000"]})
    text = labels.labelled_text(df, {"chapter": "recruitment", "id": "recruitment-benchmark-workings"})
    assert text.iloc[0].tolist() == ["Enquiries resulting in approval", "1,454", "13.0", "201213", "1000"]
