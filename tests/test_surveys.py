"""Survey analysis on small hand-made frames: counting, percentages, change, tests, edge cases."""
from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from panelbook import stats
from panelbook.chapters.surveys import analysis as sv
from panelbook.errors import DataError

Q = "2013-14 Q3"
C = "2013-14 Q2"


def questions(rows=None) -> pd.DataFrame:
    rows = rows or [
        ("s", "q1", "How is it?", "1: bad|2|3|4|5: good|Left blank", "likert5", None, None),
        ("s", "q2", "Do you know?", "Yes|No", "yes_no", "Yes", None),
        ("s", "q3", "Who helped?", "Carers|Teachers|Others", "multi", None, None),
        ("s", "q4", "New this quarter?", "Yes|No", "yes_no", None, 1),
    ]
    q = pd.DataFrame(rows, columns=["survey", "question_id", "question", "answers", "scale", "headline", "decimals"])
    q["decimals"] = q["decimals"].astype("Int64")
    q["survey_title"] = None
    return q


def responses(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["survey", "period", "respondent_id", "question_id", "answer"])


def params(**kw) -> sv.Params:
    return sv.Params(period=kw.pop("period", Q), compare_with=kw.pop("compare_with", C), **kw)


def test_params_as_in_the_issue_validate_and_bad_period_is_named():
    p = sv.Params.model_validate({"period": Q, "compare_with": C,
                                  "surveys": ["consultation_booklet", "leaving_care", "catch22_16plus"]})
    assert p.decimals == {} and p.alpha == 0.05
    with pytest.raises(ValidationError, match="2013-14 Q3"):
        sv.Params(period="Q3 2013")
    with pytest.raises(ValidationError):
        sv.Params(period=Q, colour="red")


def test_answer_frame_order_and_default_likert_headline():
    a = sv.answer_frame(questions())
    q1 = a[a["question_id"] == "q1"]
    assert q1["answer"].tolist() == ["1: bad", "2", "3", "4", "5: good", "Left blank"]
    assert q1.loc[q1["headline"], "answer"].tolist() == ["4", "5: good"]
    assert a.loc[(a["question_id"] == "q2") & a["headline"], "answer"].tolist() == ["Yes"]
    assert not a.loc[a["question_id"] == "q3", "headline"].any()


def test_clean_responses_matches_spelling_and_keeps_blanks():
    r = responses([("s", Q, "a", "q1", " 5: GOOD "), ("s", Q, "b", "q1", None), ("s", Q, "c", "q2", ""),
                   ("s", Q, "d", "q2", "yes")])
    c = sv.clean_responses(r, questions())
    assert c["answer"].tolist() == ["5: good", "Left blank", "Left blank", "Yes"]


def test_question_table_counts_pct_change_and_total():
    r = responses([("s", C, "a", "q2", "Yes"), ("s", C, "b", "q2", "No"),
                   ("s", Q, "c", "q2", "Yes"), ("s", Q, "d", "q2", "Yes"), ("s", Q, "e", "q2", "No"),
                   ("s", Q, "f", "q2", "Yes"), ("s", Q, "g", "q2", "Yes"), ("s", Q, "h", "q2", "Yes"),
                   ("s", Q, "i", "q2", "Yes"), ("s", Q, "j", "q2", "No")])
    c = sv.answer_counts(sv.clean_responses(r, questions()))
    t = sv.question_table(c[c["question_id"] == "q2"], ["Yes", "No"], Q, C, 0)
    assert list(t.columns) == sv.TABLE_COLUMNS
    assert t["answer"].tolist() == ["Yes", "No", "Total"]
    assert t["compare_n"].tolist() == [1, 1, 2] and t["period_n"].tolist() == [6, 2, 8]
    assert t["period_pct"].tolist() == [75, 25, 100]
    assert t["compare_pct"].tolist() == [50, 50, 100]
    assert t["change_pp"].iloc[:2].tolist() == [25, -25] and pd.isna(t["change_pp"].iloc[2])


def test_question_table_half_up_and_change_of_shown_percentages():
    c = pd.DataFrame({"period": [C, C, Q, Q], "answer": ["Yes", "No", "Yes", "No"], "n": [1, 7, 5, 3]})
    t = sv.question_table(c, ["Yes", "No"], Q, C, 0)
    assert t["compare_pct"].tolist()[:2] == [13, 88]  # 12.5 -> 13, 87.5 -> 88
    assert t["period_pct"].tolist()[:2] == [63, 38]
    assert t["change_pp"].tolist()[:2] == [50, -50]  # of the shown percentages, so a reader can check
    t1 = sv.question_table(c, ["Yes", "No"], Q, C, 1)
    assert t1["compare_pct"].tolist()[:2] == [12.5, 87.5]


def test_empty_comparison_period_shows_blanks_not_zeros():
    c = pd.DataFrame({"period": [Q, Q], "answer": ["Yes", "No"], "n": [3, 1]})
    t = sv.question_table(c, ["Yes", "No"], Q, C, 1)
    assert t["compare_n"].isna().all() and t["compare_pct"].isna().all() and t["change_pp"].isna().all()
    assert t["period_pct"].tolist() == [75.0, 25.0, 100.0]
    t2 = sv.question_table(c, ["Yes", "No"], Q, None, 1)
    assert t2["compare_n"].isna().all()


def test_empty_period_and_all_blank_answers():
    c = pd.DataFrame({"period": [C], "answer": ["Left blank"], "n": [4]})
    t = sv.question_table(c, ["1", "2", "3", "4", "5", "Left blank"], Q, C, 0)
    assert t["period_n"].isna().all()
    assert t["compare_n"].tolist() == [0, 0, 0, 0, 0, 4, 4]
    assert t.loc[t["answer"] == "Left blank", "compare_pct"].item() == 100


def test_unlisted_blank_gets_its_own_row_after_the_answers():
    r = responses([("s", Q, "a", "q2", "Yes"), ("s", Q, "b", "q2", None)])
    c = sv.answer_counts(sv.clean_responses(r, questions()))
    t = sv.question_table(c, ["Yes", "No"], Q, C, 0)
    assert t["answer"].tolist() == ["Yes", "No", "Left blank", "Total"]
    assert t["period_n"].tolist() == [1, 0, 1, 2]


def test_multi_select_counts_answers_not_respondents():
    r = responses([("s", Q, "a", "q3", "Carers"), ("s", Q, "a", "q3", "Teachers"), ("s", Q, "b", "q3", "Carers")])
    c = sv.answer_counts(sv.clean_responses(r, questions()))
    t = sv.question_table(c, ["Carers", "Teachers", "Others"], Q, C, 0)
    assert t["period_n"].tolist() == [2, 1, 0, 3]
    assert t["period_pct"].tolist() == [67, 33, 0, 100]


def test_question_absent_in_one_period_and_survey_filter():
    r = responses([("s", C, "a", "q2", "Yes"), ("s", Q, "b", "q2", "No"), ("s", Q, "b", "q4", "Yes"),
                   ("t", Q, "z", "x1", "Yes")])
    q = pd.concat([questions(), questions([("t", "x1", "Other survey?", "Yes|No", "yes_no", None, None)])])
    p = params(surveys=["s"])
    tables = sv.all_tables(sv.clean_responses(r, q), q, p)
    assert {k[0] for k in tables} == {"s"}
    q4 = tables[("s", "q4")]
    assert q4["compare_n"].isna().all() and q4["period_pct"].tolist()[:2] == [100.0, 0.0]  # decimals 1
    ch = sv.changes(tables, p).set_index("question_id")
    assert ch.loc["q4", "verdict"] == stats.NO_COMPARISON and ch.loc["q4", "test"] == "none"
    assert ch.loc["q2", "verdict"] == stats.TOO_FEW


def test_period_without_any_data_gives_no_tables():
    r = responses([("s", C, "a", "q2", "Yes")])
    q = questions()
    p = params(period="2014-15 Q1", compare_with="2013-14 Q4")
    c = sv.clean_responses(r, q)
    assert sv.all_tables(c, q, p) == {}
    assert sv.changes({}, p).empty
    assert sv.net_positive(sv.headline_shares(c, q, p), p).empty
    assert "no responses" in sv.coverage(c, ["s"], {"s": "S"}, p)


def test_change_row_p_value_is_scipys():
    c = pd.DataFrame({"period": [C, C, Q, Q], "answer": ["Yes", "No", "Yes", "No"], "n": [80, 50, 40, 56]})
    t = sv.question_table(c, ["Yes", "No"], Q, C, 0)
    row = sv.change_row("s", "q2", t, params())
    from scipy.stats import chi2_contingency
    assert row["test"] == "chi-square"
    assert row["p_value"] == round(chi2_contingency([[80, 50], [40, 56]]).pvalue, 4)
    assert row["verdict"] == stats.REAL


def test_headline_shares_net_positive_and_movements():
    rows = []
    for i in range(40):
        rows.append(("s", C, f"c{i}", "q1", "5: good" if i < 30 else "1: bad"))
        rows.append(("s", Q, f"p{i}", "q1", "5: good" if i < 10 else "2"))
        rows.append(("s", C, f"c{i}", "q2", "Yes" if i < 20 else "No"))
        rows.append(("s", Q, f"p{i}", "q2", "Yes" if i < 21 else "No"))
    q = questions()
    p = params()
    c = sv.clean_responses(responses(rows), q)
    sh = sv.headline_shares(c, q, p)
    q1 = sh[(sh["question_id"] == "q1") & (sh["period"] == C)].iloc[0]
    assert (q1["n"], q1["k"], q1["pct"]) == (40, 30, 75.0) and q1["ci_low"] < 75 < q1["ci_high"]
    net = sv.net_positive(sh, p)
    assert net["question_id"].tolist() == ["q1", "q2"]  # largest change first
    assert net["change_pp"].tolist() == [-50.0, 2.5]
    assert net["verdict"].tolist() == [stats.REAL, stats.NO_CLEAR]
    text = sv.describe_movements(net, {"s": "Survey S"}, p)
    assert "How is it?" in text and "-50 points" in text and "Do you know?" not in text


def test_likert_diverging_splits_neutral_at_zero():
    c = pd.DataFrame({"period": [Q] * 6, "answer": ["1", "2", "3", "4", "5", "Left blank"], "n": [1, 1, 2, 2, 2, 2]})
    labels = ["1", "2", "3", "4", "5", "Left blank"]
    t = sv.question_table(c, labels, Q, None, 0)
    d = sv.likert_diverging(t, labels, params(compare_with=None))
    three = d[d["answer"] == "3"]
    assert sorted(three["start"].tolist() + three["end"].tolist()) == [-10.0, 0.0, 0.0, 10.0]
    assert d["end"].min() == -30.0 and d["end"].max() == 50.0  # 1,2 and half of 3 left; 4, 5 right; blanks out


def test_small_cells_flagged():
    c = pd.DataFrame({"period": [C, C, Q, Q], "answer": ["Yes", "No", "Yes", "No"], "n": [10, 4, 0, 9]})
    t = sv.question_table(c, ["Yes", "No"], Q, C, 0)
    assert sv.small_cells(t, 5) == [("No", "compare")]  # zeros are not flagged


def test_small_cell_note_never_points_at_a_withheld_cell():
    """Issue 15: a note 'fewer than 5 responses: No (2013)' beside a 'c' says that 'c' is 1 to 4 and the
    other withheld count of its column is not: with the column's total, both can then be narrowed or found."""
    from panelbook.disclosure import apply

    c = pd.DataFrame({"period": [C, C, C, Q, Q, Q], "answer": ["Yes", "No", "Maybe"] * 2, "n": [10, 2, 6, 7, 8, 9]})
    t = sv.plain(sv.question_table(c, ["Yes", "No", "Maybe"], Q, C, 0))
    shown, _ = apply(t, sv.question_shape(("Yes",), ()), 5)
    assert shown.loc[shown["answer"] == "No", "compare_n"].item() == "c"
    assert sv.small_cells(t, 5) == [("No", "compare")]  # the table as computed: the small cell is named
    assert sv.small_cells(shown, 5) == []  # as published: a withheld count is never named
    assert sv.small_cells(shown, 8) == [("Yes", "period")]  # a shown count below the flag is still named


def _write(tmp_path, q, r):
    q.to_csv(tmp_path / "survey_questions.csv", index=False)
    r.to_csv(tmp_path / "survey_responses.csv", index=False)


def test_load_reports_unknown_question_unknown_answer_duplicate_and_bad_period(tmp_path):
    r = responses([("s", Q, "a", "q2", "Yes"), ("s", Q, "a", "q2", "No"), ("s", Q, "b", "q9", "Yes"),
                   ("s", Q, "c", "q2", "Maybe"), ("s", "Q3", "d", "q2", "Yes"),
                   ("s", Q, "e", "q3", "Carers"), ("s", Q, "e", "q3", "Teachers")])
    r.insert(3, "area", "North")
    _write(tmp_path, questions(), r)
    with pytest.raises(DataError) as exc:
        sv.load(tmp_path)
    text = str(exc.value)
    assert "period" in text and "YYYY-YY Qn" in text
    r = r[r["period"] == Q]
    _write(tmp_path, questions(), r)
    with pytest.raises(DataError) as exc:
        sv.load(tmp_path)
    probs = exc.value.problems
    rules = " | ".join(p.rule for p in probs)
    assert "question not in survey_questions.csv" in rules
    assert "not one of the question's answers" in rules
    assert "answered this question twice" in rules
    assert len(probs) == 3  # two different ticks of a multi-select question are fine


def test_load_sample_data_round_trip():
    from pathlib import Path
    responses_, questions_ = sv.load(Path(__file__).resolve().parents[1] / "data" / "sample")
    assert set(questions_["survey"]) == {"consultation_booklet", "leaving_care", "catch22_16plus"}
    assert sorted(responses_["period"].unique()) == ["2013-14 Q1", "2013-14 Q2", "2013-14 Q3", "2013-14 Q4"]
