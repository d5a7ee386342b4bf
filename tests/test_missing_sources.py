"""The missing chapter on the SSDA903 return and the Standard Safeguarding Dataset: small hand-made files.

Missing (M) and away (A) apart, UASC from uasc.csv's DUC or the SSD's immigration statuses, time in
care from the period of care, several years' 903 files concatenated, SSD datetimes, return interviews.
"""
from pathlib import Path

import pandas as pd
import pytest

from panelbook.chapters.missing import analysis as m
from panelbook.errors import DataError

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
UASC = "CHILD,SEX,DOB,DUC\n"
MISSING = "CHILD,DOB,MISSING,MIS_START,MIS_END\n"


def params(**kw):
    base = dict(period_start="2017-04-01", period_end="2018-03-31", as_at="2018-03-31", source="ssda903")
    base.update(kw)
    return m.Params(**base)


def write_903(folder: Path, header, episodes, uasc, missing, nationality=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, head, rows in (("header.csv", HEADER, header), ("episodes.csv", EPISODES, episodes),
                             ("uasc.csv", UASC, uasc), ("missing.csv", MISSING, missing)):
        (folder / name).write_text(head + "".join(r + "\n" for r in rows))
    if nationality is not None:
        (folder / "nationality.csv").write_text("CHILD,NATIONALITY\n" + "".join(r + "\n" for r in nationality))
    return folder


# three children: 1 UASC until 01/06/2017 (DUC), 2 UASC (DUC blank), 3 not UASC
KIDS = ["1,1,01/01/2002,AOTH,,,", "2,2,15/05/2003,BAFR,,,", "3,1,10/10/2004,WBRI,,,"]
CARE = ["1,01/01/2016,S,C2,N1,U1,PR1,,X1,,,,", "2,01/03/2017,S,C2,N1,U1,PR1,,X1,,,,",
        "3,01/01/2015,S,C2,N1,U1,PR1,01/06/2015,E8,,,,", "3,01/02/2017,S,C2,N1,U1,PR1,,X1,,,,"]
UASC_ROWS = ["1,1,01/01/2002,01/06/2017", "2,2,15/05/2003,"]


def data_903(tmp_path, missing, **kw):
    folder = write_903(tmp_path / "903", KIDS, CARE, UASC_ROWS, missing, **kw)
    return m.load(folder, params())


def test_away_episodes_are_reported_apart_not_counted_as_missing(tmp_path):
    data = data_903(tmp_path, ["1,,A,10/04/2017,11/04/2017", "1,,M,20/04/2017,21/04/2017",
                               "2,,A,01/05/2017,", "3,,M,05/05/2017,06/05/2017", "3,,,07/07/2017,07/07/2017"])
    p = params()
    c = m.cohort_of(data, p)
    assert sorted(c["child_id"]) == ["1", "3"]  # child 2 was only away
    assert int(c["episodes"].sum()) == 3  # a blank type counts as M
    t = m.by_type(data, p).set_index("missing_type")
    assert t.loc["M"].tolist() == [2, 3, 0]
    assert t.loc["A"].tolist() == [2, 2, 1]  # child 2 still away at as_at
    assert t.loc["Total"].tolist() == [3, 5, 1]  # distinct children: child 1 was both
    both = m.cohort_of(data, params(episode_types=["M", "A"]))
    assert sorted(both["child_id"]) == ["1", "2", "3"] and int(both["episodes"].sum()) == 5
    assert both.set_index("child_id").loc["2", "status"] == "still_missing"


def test_uasc_is_taken_at_the_first_in_scope_episode_from_duc(tmp_path):
    # child 1's DUC is 01/06/2017: UASC at an episode on 20/05/2017, not at one on 01/06/2017 (DUC not after it)
    before = data_903(tmp_path / "a", ["1,,M,20/05/2017,21/05/2017", "1,,M,10/06/2017,11/06/2017", "2,,M,01/05/2017,02/05/2017",
                                       "3,,M,01/05/2017,02/05/2017"])
    c = m.cohort_of(before, params(uasc_only=True)).set_index("child_id")
    assert sorted(c.index) == ["1", "2"] and c.loc["1", "episodes"] == 2  # child 3 is not UASC
    after = data_903(tmp_path / "b", ["1,,M,01/06/2017,02/06/2017", "2,,M,01/05/2017,02/05/2017"])
    assert m.cohort_of(after, params(uasc_only=True))["child_id"].tolist() == ["2"]
    p = params(uasc_only=True, period_start="2017-01-01")
    assert m.intake_of(after, p) == 1  # child 2 started to be looked after (S) on 01/03/2017 as UASC


def test_time_in_care_from_a_period_started_by_s_after_an_earlier_one_ended(tmp_path):
    # child 3: a period of care 01/01/2015 - 01/06/2015, then S again 01/02/2017; missing 01/05/2017 -> 89 days
    data = data_903(tmp_path, ["3,,M,01/05/2017,02/05/2017", "1,,M,01/05/2017,02/05/2017"])
    c = m.cohort_of(data, params()).set_index("child_id")
    assert c.loc["3", "time_open_days"] == 89 and c.loc["3", "time_open"] == "1-6 months"
    assert c.loc["1", "time_open_days"] == (pd.Timestamp("2017-05-01") - pd.Timestamp("2016-01-01")).days
    assert not c["new_referral"].any()  # both periods of care started before April 2017
    assert m.by_time_open(m.cohort_of(data, params())).iloc[:-1]["time_open"].tolist() == [
        b[0] for b in m.TIME_OPEN_BINS]  # no `not known` row when it would be zero


def test_no_period_of_care_before_the_episode_is_not_known(tmp_path):
    # child 2 goes missing on 01/02/2017, before their period of care starts (01/03/2017)
    data = data_903(tmp_path, ["2,,M,01/02/2017,02/02/2017", "1,,M,01/05/2017,02/05/2017"])
    p = params(period_start="2017-01-01")
    c = m.cohort_of(data, p).set_index("child_id")
    assert pd.isna(c.loc["2", "time_open_days"])
    t = m.by_time_open(m.cohort_of(data, p)).set_index("time_open")
    assert t.loc[m.NOT_KNOWN, "total"] == 1 and t.loc["Total", "total"] == 2
    assert "not known" in m.wording(p, data)["time_definition"]


def test_several_years_of_903_files_concatenated(tmp_path):
    folder = write_903(tmp_path / "903", KIDS, CARE, UASC_ROWS, ["1,,M,20/03/2017,"])
    # the next year's return: the same header rows, the episode now ended, files simply appended
    for name, rows in (("header.csv", [HEADER.strip(), *KIDS]), ("episodes.csv", [EPISODES.strip(), *CARE]),
                       ("uasc.csv", [UASC.strip(), *UASC_ROWS]),
                       ("missing.csv", [MISSING.strip(), "1,,M,20/03/2017,02/04/2017", "2,,M,05/05/2017,06/05/2017"])):
        with open(folder / name, "a") as fh:
            fh.write("".join(r + "\n" for r in rows))
    data = m.load(folder, params(period_start="2017-03-01"))
    assert len(data.children) == 3 and len(data.care_episodes) == 4
    eps = data.episodes.set_index("child_id")
    assert len(eps) == 2 and eps.loc["1", "end_date"] == pd.Timestamp("2017-04-02")  # open, then ended: one episode
    c = m.cohort_of(data, params(period_start="2017-03-01")).set_index("child_id")
    assert c.loc["1", "status"] == "found"


def test_rows_repeated_across_years_that_disagree_are_named(tmp_path):
    folder = write_903(tmp_path / "903", [*KIDS, "1,1,02/01/2002,AOTH,,,", "2,2,15/05/2003,NOBT,,,"], CARE,
                       UASC_ROWS, ["1,,M,20/04/2017,21/04/2017"])
    with pytest.raises(DataError) as err:
        m.load(folder, params())
    # each row of child 1 is named; NOBT in one year and BAFR in another is no conflict (child 2)
    assert [(p.file, p.row, p.column) for p in err.value.problems] == [("header.csv", 2, "DOB"), ("header.csv", 5, "DOB")]
    assert {p.rule for p in err.value.problems} == {"CHILD 1 is in more than one row with a different DOB"}


def test_903_cross_file_rules(tmp_path):
    folder = write_903(tmp_path / "903", KIDS, CARE, ["1,1,01/01/2002,01/06/2001", "2,,,01/01/2003"],
                       ["1,,M,20/04/2017,21/04/2017", "9,,M,20/04/2017,21/04/2017", "2,,M,20/04/2017,19/04/2017"])
    with pytest.raises(DataError) as err:
        m.load(folder, params())
    got = {(p.file, p.row, p.column): p.rule for p in err.value.problems}
    assert got[("uasc.csv", 2, "DUC")] == "DUC is before DOB"
    assert got[("missing.csv", 4, "MIS_END")] == "MIS_END is before MIS_START"
    err2 = pytest.raises(DataError, m.load, write_903(tmp_path / "b", KIDS, CARE, ["2,,,01/01/2003"],
                                                       ["9,,M,20/04/2017,21/04/2017"]), params())
    got = {(p.file, p.row, p.column): p.rule for p in err2.value.problems}
    assert got[("missing.csv", 2, "CHILD")] == "not found in header.csv"
    assert got[("uasc.csv", 2, "DUC")] == "DUC is before the child's DOB in header.csv (15/05/2003)"


def test_away_may_end_the_day_missing_starts_but_one_type_may_not_overlap_itself(tmp_path):
    ok = data_903(tmp_path / "a", ["1,,A,10/04/2017,12/04/2017", "1,,M,12/04/2017,20/04/2017", "1,,A,15/04/2017,16/04/2017"])
    assert len(ok.episodes) == 3
    with pytest.raises(DataError, match="overlaps the child's previous episode"):
        data_903(tmp_path / "b", ["1,,M,10/04/2017,15/04/2017", "1,,M,14/04/2017,16/04/2017"])


def test_nationality_only_from_nationality_csv(tmp_path):
    rows = ["1,,M,20/04/2017,21/04/2017", "3,,M,20/04/2017,21/04/2017"]
    without = data_903(tmp_path / "a", rows)
    assert not without.has_nationality and "nationality.csv" in m.wording(params(), without)["no_nationality"]
    with_it = data_903(tmp_path / "b", rows, nationality=["1,Afghan"])
    c = m.cohort_of(with_it, params())
    assert m.by_nationality(c.fillna({"nationality": "Not recorded"}))["nationality"].tolist()[:2] == ["Afghan", "Not recorded"]
    assert "nationality.csv" in with_it.files
    eth = m.by_ethnicity(c)
    assert eth["ethnicity"].tolist() == ["White British", "Any other Asian background", "Total"]  # DfE's order
    assert eth.columns.tolist() == ["ethnicity", "found", "still_missing", "total"]


# -- the SSD ------------------------------------------------------------------------------------------
def write_ssd(folder: Path, rhi: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ssd_person.csv").write_text(
        "pers_person_id,pers_legacy_id,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_nationality\n"
        "P1,x,M,01,AOTH,2002-01-01 00:00:00.000,Afghan\nP2,y,F,02,WBRI,2003-05-15 00:00:00.000,\n")
    rhi_cols = ",miss_mis_epi_rhi_offered,miss_mis_epi_rhi_accepted" if rhi else ""
    rows = [("M1", "P1", "2017-04-10 23:15:00", "M", "2017-04-11 08:00:00", "Yes", "Yes"),
            ("M2", "P1", "2017-05-01 10:00:00", "M", "2017-05-01 18:30:00", "Yes", "No"),
            ("M3", "P2", "2017-06-01 10:00:00", "M", "2017-06-03 00:00:00", "No", ""),
            ("M4", "P2", "2018-03-30 10:00:00", "A", "", "", ""),
            ("M5", "P2", "2017-02-01T10:00:00", "M", "2017-02-02T09:00:00", "", "")]
    (folder / "ssd_missing.csv").write_text(
        "miss_table_id,miss_la_person_id,miss_mis_epi_start,miss_mis_epi_type,miss_mis_epi_end" + rhi_cols + "\n"
        + "".join(",".join(r if rhi else r[:5]) + "\n" for r in rows))
    (folder / "ssd_immigration_status.csv").write_text(
        "immi_immigration_status_id,immi_person_id,immi_immigration_status,immi_immigration_status_start_date,"
        "immi_immigration_status_end_date\n"
        "I1,P1,Unaccompanied Asylum Seeking Child,2016-01-01 00:00:00,2017-04-30 00:00:00\n"
        "I2,P2,Refugee,2016-01-01 00:00:00,\n")
    (folder / "ssd_cla_episodes.csv").write_text(
        "clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,"
        "clae_cla_primary_need_code,clae_cla_episode_ceased,clae_cla_episode_ceased_reason\n"
        "E1,P1,2016-01-01 09:00:00,S,N1,,\nE2,P2,2017-05-20 14:00:00,S,N4,,\n")
    return folder


def ssd_params(**kw):
    return params(source="ssd", **kw)


def test_ssd_datetimes_with_times_and_uasc_from_immigration_status(tmp_path):
    data = m.load(write_ssd(tmp_path / "ssd"), ssd_params())
    eps = data.episodes.set_index(data.episodes["child_id"] + "/" + data.episodes["start_date"].dt.strftime("%F"))
    assert eps.loc["P1/2017-04-10", "end_date"] == pd.Timestamp("2017-04-11")  # times dropped
    c = m.cohort_of(data, ssd_params()).set_index("child_id")
    assert c.loc["P2", "time_open_days"] == 12  # 20 May 2017 S to 1 June 2017, times ignored
    assert bool(c.loc["P2", "new_referral"]) and not bool(c.loc["P1", "new_referral"])
    # P1's UASC status covers 10 April 2017 (its end date, 30 April, counts too); P2 is a refugee, not UASC
    assert m.cohort_of(data, ssd_params(uasc_only=True))["child_id"].tolist() == ["P1"]
    assert data.has_nationality and data.has_ethnicity and data.has_return_interviews


def test_return_interview_shares(tmp_path):
    data = m.load(write_ssd(tmp_path / "ssd"), ssd_params())
    t = m.return_interviews(data, ssd_params())
    assert t.columns.tolist() == ["measure", "episodes", "share_pct"]
    # M1-M3 ended in the period (M5 before it; M4 is away and open): 2 of 3 offered, 1 accepted
    assert t["episodes"].tolist() == [3, 2, 1] and t["share_pct"].tolist() == [100.0, 66.7, 33.3]
    assert m.return_interviews(data, ssd_params(uasc_only=True))["episodes"].tolist() == [1, 1, 1]
    assert not m.load(write_ssd(tmp_path / "plain", rhi=False), ssd_params()).has_return_interviews


def test_ssd_orphan_and_accepted_without_offer(tmp_path):
    folder = write_ssd(tmp_path / "ssd")
    text = (folder / "ssd_missing.csv").read_text().replace("M3,P2", "M3,P9").replace(",No,\n", ",No,Yes\n", 1)
    (folder / "ssd_missing.csv").write_text(text)
    with pytest.raises(DataError) as err:
        m.load(folder, ssd_params())
    got = {(p.row, p.column): p.rule for p in err.value.problems}
    assert got == {(4, "miss_mis_epi_rhi_accepted"): "a return interview is accepted but was not offered"}
    (folder / "ssd_missing.csv").write_text(text.replace(",No,Yes\n", ",No,\n"))
    with pytest.raises(DataError, match="ssd_missing.csv, row 4, column 'miss_la_person_id': not found in ssd_person.csv"):
        m.load(folder, ssd_params())


def test_params_episode_types_and_source():
    assert params().episode_types == ["M"] and m.Params(period_start="2017-04-01", period_end="2018-03-31").source == "panelbook"
    with pytest.raises(ValueError, match="episode_types"):
        params(episode_types=["M", "M"])
    with pytest.raises(ValueError):
        params(episode_types=["X"])
    with pytest.raises(ValueError):
        params(source="cin")
    assert m.input_files(params()) == (("header.csv", "episodes.csv", "uasc.csv", "missing.csv"), ("nationality.csv",))


def test_a_903_file_as_a_workbook_with_its_own_header(tmp_path):
    from panelbook import cli
    from panelbook.params import load_edition

    folder = write_903(tmp_path / "903", KIDS, CARE, UASC_ROWS, ["1,,M,20/04/2017,21/04/2017"])
    header = pd.read_csv(folder / "header.csv", dtype=str, keep_default_na=False).rename(columns={"CHILD": "Child ref"})
    (folder / "header.csv").unlink()
    header.to_excel(folder / "903 header.xlsx", index=False)
    edition = tmp_path / "edition.yaml"
    edition.write_text(f"title: T\nlocal_authority: T\ndata_dir: {folder}\n"
                       "inputs:\n  header:\n    file: 903 header.xlsx\n    columns: {CHILD: Child ref}\n"
                       "missing:\n  source: ssda903\n  period_start: 2017-04-01\n  period_end: 2018-03-31\n")
    assert cli.main(["validate", str(edition), "--out", str(tmp_path / "out")]) == 0
    ed = load_edition(edition)
    data = m.load(ed.data_source, ed.section("missing"))
    assert data.files == ("903 header.xlsx", "episodes.csv", "uasc.csv", "missing.csv")
    assert m.cohort_of(data, ed.section("missing"))["child_id"].tolist() == ["1"]
