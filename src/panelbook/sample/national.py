"""The sample's missing-chapter children written in the national layouts: an SSDA903 return and SSD tables.

The same synthetic children and episodes as data/sample (children.csv, missing_episodes.csv), so an
edition over data/sample-903 or data/sample-ssd gives the chapter's shared tables cell for cell:
- each child's case opening is the start of a period of care (903 RNE / SSD start reason S), some
  followed by a change of placement (P) that starts no new period;
- a UASC child is in uasc.csv with DUC blank (903), or has an "Unaccompanied Asylum Seeking Child"
  immigration status from that date with no end (SSD);
- ethnicity (DfE codes) is drawn once per child, seeded, from their nationality; the SSD's episodes
  carry a time of day, and those that ended a return-interview offer and answer.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..chapters.missing import sample as missing
from .common import rng

# DfE ethnicity codes plausible for each sample nationality (drawn with these weights)
ETHNICITY_BY_NATIONALITY = {
    "Afghanistani": {"AOTH": 0.8, "OOTH": 0.2}, "Moroccan": {"OOTH": 1.0}, "Vietnamese": {"AOTH": 1.0},
    "Iranian": {"OOTH": 0.7, "AOTH": 0.3}, "Algerian": {"OOTH": 1.0}, "Albanian": {"WOTH": 1.0},
    "Eritrean": {"BAFR": 1.0}, "Indian": {"AIND": 1.0}, "Syrian": {"OOTH": 1.0}, "Sudanese": {"BAFR": 1.0},
    "Egyptian": {"OOTH": 1.0}, "Kuwaiti": {"OOTH": 1.0}, "Iraqi": {"OOTH": 1.0},
    "British": {"WBRI": 0.7, "MWBC": 0.08, "MWBA": 0.05, "BCRB": 0.05, "WOTH": 0.05, "APKN": 0.04, "NOBT": 0.03},
}
DATA_END = dt.date(2014, 3, 31)


def _dmy(d) -> str:
    return "" if d is None or d != d else d.strftime("%d/%m/%Y")


def _stamp(d, hour: int, minute: int) -> str:
    return "" if d is None or d != d else f"{d.isoformat()} {hour:02d}:{minute:02d}:00.000"


def _base(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The sample's children and episodes, each child's ethnicity, and their episodes of care."""
    frames = missing.generate(seed)
    children, episodes = frames["children.csv"].copy(), frames["missing_episodes.csv"].copy()
    r = rng(seed + 17)
    codes = []
    for nat in children["nationality"]:
        weights = ETHNICITY_BY_NATIONALITY[nat]
        codes.append(str(r.choice(list(weights), p=np.array(list(weights.values())) / sum(weights.values()))))
    children["ethnicity"] = codes
    care = []
    for row in children.itertuples():
        start = row.case_open_date
        move = start + dt.timedelta(days=int(r.integers(20, 400)))
        if r.random() < 0.4 and move <= DATA_END:  # a change of placement: the period of care goes on
            care.append((row.child_id, start, "S", move, "X1"))
            care.append((row.child_id, move, "P", None, None))
        else:
            care.append((row.child_id, start, "S", None, None))
    care = pd.DataFrame(care, columns=["child_id", "start", "reason", "end", "end_reason"])
    return children, episodes, care


def generate_903(seed: int = 2014) -> dict[str, pd.DataFrame]:
    """header.csv, episodes.csv, uasc.csv, missing.csv and nationality.csv, with the DfE headers."""
    children, episodes, care = _base(seed)
    uasc = children["uasc"] == "Y"
    header = pd.DataFrame({
        "CHILD": children["child_id"], "SEX": children["sex"].map({"M": "1", "F": "2"}),
        "DOB": children["dob"].map(_dmy), "ETHNIC": children["ethnicity"],
        "UPN": np.where(uasc, "UN2", "UN4"), "MOTHER": "", "MC_DOB": ""})
    eps = pd.DataFrame({
        "CHILD": care["child_id"], "DECOM": care["start"].map(_dmy), "RNE": care["reason"],
        "LS": np.where(care["child_id"].isin(children.loc[uasc, "child_id"]), "V2", "C2"), "CIN": "N8",
        "PLACE": np.where(care["reason"] == "S", "U3", "K2"), "PLACE_PROVIDER": "PR1",
        "DEC": care["end"].map(_dmy), "REC": care["end_reason"].fillna(""), "REASON_PLACE_CHANGE":
        np.where(care["end_reason"].notna(), "CARPL", ""), "HOME_POST": "", "PL_POST": "", "URN": "XXXXXXX"})
    uasc_rows = pd.DataFrame({"CHILD": children.loc[uasc, "child_id"], "SEX": header.loc[uasc, "SEX"],
                              "DOB": header.loc[uasc, "DOB"], "DUC": ""})
    dob = children.set_index("child_id")["dob"]
    miss = pd.DataFrame({"CHILD": episodes["child_id"], "DOB": episodes["child_id"].map(dob).map(_dmy),
                         "MISSING": episodes["missing_type"], "MIS_START": episodes["start_date"].map(_dmy),
                         "MIS_END": episodes["end_date"].map(_dmy)})
    nationality = pd.DataFrame({"CHILD": children["child_id"], "NATIONALITY": children["nationality"]})
    return {"header.csv": header, "episodes.csv": eps, "uasc.csv": uasc_rows, "missing.csv": miss,
            "nationality.csv": nationality}


def generate_ssd(seed: int = 2014) -> dict[str, pd.DataFrame]:
    """ssd_person.csv, ssd_missing.csv, ssd_immigration_status.csv and ssd_cla_episodes.csv, as the SSD names them."""
    children, episodes, care = _base(seed)
    r = rng(seed + 18)
    person = pd.DataFrame({
        "pers_person_id": children["child_id"], "pers_legacy_id": "", "pers_sex": children["sex"],
        "pers_gender": children["sex"].map({"M": "01", "F": "02"}), "pers_ethnicity": children["ethnicity"],
        "pers_dob": children["dob"].map(lambda d: _stamp(d, 0, 0)), "pers_common_child_id": "",
        "pers_upn_unknown": np.where(children["uasc"] == "Y", "UN2", "UN4"), "pers_send_flag": "N",
        "pers_expected_dob": "", "pers_death_date": "", "pers_is_mother": "N",
        "pers_nationality": children["nationality"]})
    rows = []
    for i, e in enumerate(episodes.itertuples(), start=1):
        hour, minute = int(r.integers(7, 21)), int(r.choice([0, 15, 30, 45]))
        ended = e.end_date is not None and e.end_date == e.end_date
        end_hour = min(23, hour + int(r.integers(1, 4))) if ended and e.end_date == e.start_date else int(r.integers(0, 24))
        offered = ended and r.random() < 0.8
        accepted = offered and r.random() < 0.6
        rows.append({
            "miss_table_id": f"MIS{i:05d}", "miss_la_person_id": e.child_id,
            "miss_mis_epi_start": _stamp(e.start_date, hour, minute), "miss_mis_epi_type": e.missing_type,
            "miss_mis_epi_end": _stamp(e.end_date, end_hour, minute) if ended else "",
            "miss_mis_epi_rhi_offered": ("Yes" if offered else "No") if ended else "",
            "miss_mis_epi_rhi_accepted": ("Yes" if accepted else "No") if offered else ""})
    uasc = children[children["uasc"] == "Y"]
    immigration = pd.DataFrame({
        "immi_immigration_status_id": [f"IMM{i:05d}" for i in range(1, len(uasc) + 1)],
        "immi_person_id": uasc["child_id"].to_numpy(),
        "immi_immigration_status": "Unaccompanied Asylum Seeking Child",
        "immi_immigration_status_start_date": uasc["case_open_date"].map(lambda d: _stamp(d, 9, 0)).to_numpy(),
        "immi_immigration_status_end_date": ""})
    cla = pd.DataFrame({
        "clae_cla_episode_id": [f"CLA{i:05d}" for i in range(1, len(care) + 1)], "clae_person_id": care["child_id"],
        "clae_cla_episode_start_date": care["start"].map(lambda d: _stamp(d, 10, 0)),
        "clae_cla_episode_start_reason": care["reason"], "clae_cla_primary_need_code": "N8",
        "clae_cla_episode_ceased": care["end"].map(lambda d: _stamp(d, 10, 0)),
        "clae_cla_episode_ceased_reason": care["end_reason"].fillna("")})
    return {"ssd_person.csv": person, "ssd_missing.csv": pd.DataFrame(rows),
            "ssd_immigration_status.csv": immigration, "ssd_cla_episodes.csv": cla}


# the folders beside data/sample that these layouts are written to
LAYOUTS = {"sample-903": generate_903, "sample-ssd": generate_ssd}
