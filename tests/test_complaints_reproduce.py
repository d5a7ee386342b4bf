"""Every figure the April 2014 pack printed on complaints and advocacy, from a real build of the sample.

Expected values are read from the copies of the published tables in tests/published/; this file only
says where each printed figure lives in the exports.
"""
import pandas as pd
import pytest

from conftest import PUBLISHED, read_export

# (published file, row label as catalogued) -> (export id, row); the column is the count column
WHERE = {
    ("complaints_by_service.csv", "UASC"): ("complaints-by-service", "UASC"),
    ("complaints_by_service.csv", "Catch22"): ("complaints-by-service", "Catch22"),
    ("complaints_by_service.csv", "East Kent area"): ("complaints-by-service", "East Kent area"),
    ("complaints_by_service.csv", "West Kent area"): ("complaints-by-service", "West Kent area"),
    ("complaints_by_service.csv", "South Kent area"): ("complaints-by-service", "South Kent area"),
    ("complaints_by_service.csv", "Disabled Children’s service"): ("complaints-by-service", "Disabled Children's Service"),
    ("complaints_by_service.csv", "Total"): ("complaints-by-service", "Total"),
    ("complaints_by_age.csv", "aged between 16 and 19 (largest group)"): ("complaints-by-age", "16-19"),
    ("complaints_by_age.csv", "aged 20-24"): ("complaints-by-age", "20-24"),
    ("complaints_by_age.csv", "under 16"): ("complaints-by-age", "under 16"),
    ("complaints_by_age.csv", "Total (stated in para (2))"): ("complaints-by-age", "Total"),
    ("complaints_advocacy_subject_outcome.csv", "young people supported by an advocate (all provided by Coram Voice)"):
        ("complaints-by-advocacy", "Coram Voice"),
    ("complaints_advocacy_subject_outcome.csv", "offered an advocate but declined"): ("complaints-by-advocacy", "declined"),
    ("complaints_advocacy_subject_outcome.csv", "resolved (a misunderstanding) before an advocate could be offered"):
        ("complaints-by-advocacy", "not offered"),
    ("complaints_advocacy_subject_outcome.csv", "social worker failed to process passport application"):
        ("complaints-by-subject", "passport application"),
    ("complaints_advocacy_subject_outcome.csv", "incorrect advice re alternative accommodation / leaving care grant"):
        ("complaints-by-subject", "advice on accommodation and leaving care grant"),
    ("complaints_advocacy_subject_outcome.csv", "disputing decisions made (the remainder)"):
        ("complaints-by-subject", "disputing a decision"),
    ("complaints_advocacy_subject_outcome.csv", "of which: about placement moves"): ("complaints-by-decision", "placement move"),
    ("complaints_advocacy_subject_outcome.csv", "not resolved, escalated to stage 2 independent investigation"):
        ("complaints-by-stage", "stage 2"),
    ("coram_voice_advocacy_outcomes.csv", "Closed cases: issues fully resolved"): ("advocacy-outcomes", "fully resolved"),
    ("coram_voice_advocacy_outcomes.csv", "Closed cases: issues partially resolved"): ("advocacy-outcomes", "partially resolved"),
    ("coram_voice_advocacy_outcomes.csv", "Closed cases: unknown outcome"): ("advocacy-outcomes", "unknown"),
}
FILES = sorted({f for f, _ in WHERE})
EXPORTS = ("complaints-by-service", "complaints-by-age", "complaints-by-advocacy", "complaints-by-subject",
           "complaints-by-stage", "advocacy-outcomes")
LABEL = {"complaints-by-service": "service", "complaints-by-age": "age_band", "complaints-by-advocacy": "advocacy",
         "complaints-by-subject": "subject", "complaints-by-stage": "stage", "advocacy-outcomes": "outcome"}


def label_of(file: str, r) -> str:
    """The prose breakdown (P02) keeps its description in col_label; the others in row_label."""
    return r["col_label"] if file == "complaints_advocacy_subject_outcome.csv" else r["row_label"]


def published_cells():
    for f in FILES:
        pub = pd.read_csv(PUBLISHED / f, dtype=str, keep_default_na=False)
        for _, r in pub.iterrows():
            yield f, r


def test_every_published_row_is_mapped():
    unmapped = [(f, label_of(f, r)) for f, r in published_cells()
                if r["value_num"] and (f, label_of(f, r)) not in WHERE]
    assert not unmapped


@pytest.mark.slow
@pytest.mark.parametrize("file,label", sorted(WHERE))
def test_published_figure(figures, file, label):
    pub = pd.read_csv(PUBLISHED / file, dtype=str, keep_default_na=False)
    labels = pub.apply(lambda r: label_of(file, r), axis=1)
    expected = pub.loc[labels == label, "value_num"].iloc[0]
    export_id, row = WHERE[(file, label)]
    t = read_export(figures, export_id)
    count = "cases" if export_id.startswith("advocacy") else "complaints"
    assert t.loc[t.iloc[:, 0] == row, count].tolist() == [expected]


@pytest.mark.slow
def test_other_decisions_are_the_remainder(figures):
    """The pack lists three other decisions without a count: 21 disputing - 18 placement moves."""
    pub = pd.read_csv(PUBLISHED / "complaints_advocacy_subject_outcome.csv", dtype=str, keep_default_na=False)
    num = dict(zip(pub["col_label"], pub["value_num"]))
    t = read_export(figures, "complaints-by-decision")
    body = t[~t["decision"].isin(["Total", "placement move"])]
    assert len(body) == 3
    assert body["complaints"].astype(int).sum() == int(num["disputing decisions made (the remainder)"]) - int(
        num["of which: about placement moves"])


@pytest.mark.slow
@pytest.mark.parametrize("export_id", EXPORTS)
def test_export_shape(figures, export_id):
    t = read_export(figures, export_id)
    count = "cases" if export_id == "advocacy-outcomes" else "complaints"
    assert list(t.columns) == [LABEL[export_id], count, "share_pct"]
    assert t.iloc[-1, 0] == "Total"
    assert t.iloc[-1][count] == str(t.iloc[:-1][count].astype(int).sum())
    assert t.iloc[-1]["share_pct"] == "100.0"


@pytest.mark.slow
def test_coram_voice_total_is_the_sum_of_outcomes(figures):
    """Not printed in the pack (16 + 7 + 4 = 27); the export's Total is the sum."""
    t = read_export(figures, "advocacy-outcomes")
    assert t.loc[t["outcome"] == "Total", "cases"].tolist() == ["27"]


@pytest.mark.slow
def test_beyond_the_paper_exports(figures):
    esc = read_export(figures, "complaints-escalation")
    assert esc["period"].tolist() == ["1 Mar 2013 to 31 Aug 2013", "1 Sep 2013 to 28 Feb 2014"]
    timely = read_export(figures, "complaints-stage1-timeliness")
    total = timely.iloc[-1]
    assert int(total["responses"]) == sum(int(total[c]) for c in ("on_time", "extended", "late"))
    monthly = read_export(figures, "complaints-by-month")
    assert monthly["month"].iloc[0] <= "2013-04" and monthly["month"].iloc[-2] >= "2014-03"
    assert (figures / "complaints-chart-by-month.svg").exists()


@pytest.mark.slow
def test_no_identifiers_in_exports(figures):
    ids = pd.read_csv(PUBLISHED.parent.parent / "data" / "sample" / "complaints.csv", dtype=str)["complaint_id"]
    cases = pd.read_csv(PUBLISHED.parent.parent / "data" / "sample" / "advocacy_cases.csv", dtype=str)["case_id"]
    for path in figures.glob("*.csv"):
        if path.stem.startswith(("complaints", "advocacy")):
            text = path.read_text()
            assert not any(i in text for i in [*ids, *cases]), path.name
