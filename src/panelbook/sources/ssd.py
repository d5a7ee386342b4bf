"""The Standard Safeguarding Dataset (data-to-insight's national data model), its tables as CSV.

Files (in the edition's `data_dir`), named and headed as the SSD names them: ssd_person.csv,
ssd_missing.csv, ssd_immigration_status.csv, ssd_cla_episodes.csv. The SSD's other columns are
ignored; its datetimes may carry a time of day (the time is dropped).
"""
from __future__ import annotations

import re

import pandas as pd

from ..errors import DataError
from ..schema import Col, FileSpec, RowRule, end_on_or_after
from . import dfe

def _offered_if_accepted(df: pd.DataFrame) -> pd.Series:
    """Row rule: an accepted return interview was offered (blank offered is not a contradiction)."""
    accepted = df["miss_mis_epi_rhi_accepted"].astype("boolean").fillna(False)
    refused_offer = df["miss_mis_epi_rhi_offered"].astype("boolean").eq(False).fillna(False)
    return ~(accepted & refused_offer)


PERSON = FileSpec(
    name="ssd_person.csv",
    description="One row per person (ssd_person).",
    columns=(
        Col("pers_person_id", unique=True, help="the person's unique id"),
        Col("pers_sex", "code", required=False, nullable=True, codes=("M", "F", "U"),
            code_aliases={"1": "M", "2": "F", "male": "M", "female": "F", "unknown": "U"}),
        Col("pers_dob", "date", help="date of birth"),
        Col("pers_ethnicity", "code", required=False, nullable=True, codes=tuple(dfe.ETHNICITY),
            code_aliases=dfe.ETHNICITY_ALIASES, help="DfE ethnicity code, e.g. WBRI"),
        Col("pers_nationality", required=False, nullable=True,
            help="country of origin (UASC); without it the by-nationality tables are not made"),
    ),
)
MISSING = FileSpec(
    name="ssd_missing.csv",
    description="One row per episode missing (M) or away from placement without authorisation (A) (ssd_missing).",
    columns=(
        Col("miss_table_id", unique=True, help="the episode's unique id"),
        Col("miss_la_person_id", help="matches pers_person_id"),
        Col("miss_mis_epi_start", "date", help="when the episode started"),
        Col("miss_mis_epi_type", "code", nullable=True, codes=dfe.MISSING_TYPES, code_aliases=dfe.MISSING_TYPE_ALIASES,
            help="M = missing, A = away without authorisation; blank counts as M"),
        Col("miss_mis_epi_end", "date", nullable=True, help="blank = still missing or away"),
        Col("miss_mis_epi_rhi_offered", "flag", required=False, nullable=True,
            help="a return home interview was offered (Yes/No)"),
        Col("miss_mis_epi_rhi_accepted", "flag", required=False, nullable=True,
            help="the return home interview was accepted (Yes/No)"),
    ),
    rules=(
        RowRule("miss_mis_epi_end is before miss_mis_epi_start", "miss_mis_epi_end",
                end_on_or_after("miss_mis_epi_start", "miss_mis_epi_end"), "an episode must end on or after it starts"),
        RowRule("a return interview is accepted but was not offered", "miss_mis_epi_rhi_accepted",
                lambda df: _offered_if_accepted(df),
                "check both return interview columns"),
    ),
)
IMMIGRATION = FileSpec(
    name="ssd_immigration_status.csv",
    description="Immigration statuses with their dates (ssd_immigration_status); UASC is read from here.",
    columns=(
        Col("immi_person_id", help="matches pers_person_id"),
        Col("immi_immigration_status", help="e.g. Unaccompanied Asylum Seeking Child"),
        Col("immi_immigration_status_start_date", "date", nullable=True, help="blank = from before the data"),
        Col("immi_immigration_status_end_date", "date", nullable=True, future_ok=True, help="blank = continuing"),
    ),
    rules=(RowRule("immi_immigration_status_end_date is before immi_immigration_status_start_date",
                   "immi_immigration_status_end_date",
                   end_on_or_after("immi_immigration_status_start_date", "immi_immigration_status_end_date"),
                   "check both dates"),),
)
CLA_EPISODES = FileSpec(
    name="ssd_cla_episodes.csv",
    description="Episodes of care (ssd_cla_episodes); a period of care starts with reason S.",
    columns=(
        Col("clae_person_id", help="matches pers_person_id"),
        Col("clae_cla_episode_start_date", "date", help="when the episode began"),
        Col("clae_cla_episode_start_reason", "code", codes=dfe.REASON_NEW_EPISODE,
            help="reason for new episode (S = started to be looked after)"),
        Col("clae_cla_episode_ceased", "date", required=False, nullable=True),
        Col("clae_cla_episode_ceased_reason", required=False, nullable=True),
    ),
    rules=(RowRule("clae_cla_episode_ceased is before clae_cla_episode_start_date", "clae_cla_episode_ceased",
                   end_on_or_after("clae_cla_episode_start_date", "clae_cla_episode_ceased"), "check both dates"),),
)
SPECS = (PERSON, MISSING, IMMIGRATION, CLA_EPISODES)

# An immigration status naming an unaccompanied asylum-seeking child.
UASC_STATUS = re.compile(r"\bUASC\b|unaccompanied.*asylum", re.IGNORECASE)


def read(data_dir) -> dict:
    """Read and check the SSD tables; the chapter's frames, or DataError with every problem found."""
    from ..io import orphan_keys, read_inputs

    frames = read_inputs(data_dir, SPECS)
    person, missing = frames[PERSON.name], frames[MISSING.name]
    problems = orphan_keys(missing, person.rename(columns={"pers_person_id": "miss_la_person_id"}),
                           "miss_la_person_id", MISSING.name, PERSON.name)
    if problems:
        raise DataError(problems)
    return canonical(frames)


def canonical(frames: dict) -> dict:
    """The SSD tables in the chapter's own columns."""
    person, missing = frames[PERSON.name], frames[MISSING.name]
    children = pd.DataFrame({"child_id": person["pers_person_id"], "dob": person["pers_dob"],
                             "sex": person["pers_sex"], "ethnicity": person["pers_ethnicity"]})
    has_nationality = bool(person["pers_nationality"].notna().any())
    if has_nationality:
        children["nationality"] = person["pers_nationality"]
    episodes = pd.DataFrame({
        "child_id": missing["miss_la_person_id"], "start_date": missing["miss_mis_epi_start"],
        "end_date": missing["miss_mis_epi_end"], "missing_type": missing["miss_mis_epi_type"].fillna("M"),
        "rhi_offered": missing["miss_mis_epi_rhi_offered"], "rhi_accepted": missing["miss_mis_epi_rhi_accepted"],
    })
    cla = frames[CLA_EPISODES.name]
    care = pd.DataFrame({"child_id": cla["clae_person_id"], "start_date": cla["clae_cla_episode_start_date"],
                         "reason": cla["clae_cla_episode_start_reason"]})
    immi = frames[IMMIGRATION.name]
    immi = immi[immi["immi_immigration_status"].str.contains(UASC_STATUS, na=False)]
    periods = pd.DataFrame({"child_id": immi["immi_person_id"], "uasc_from": immi["immi_immigration_status_start_date"],
                            # the status covers its end date: UASC until the day after
                            "uasc_until": immi["immi_immigration_status_end_date"] + pd.Timedelta(days=1)})
    return {"children": children, "episodes": episodes, "care_episodes": care, "uasc_periods": periods,
            "has_nationality": has_nationality, "has_ethnicity": bool(person["pers_ethnicity"].notna().any()),
            "has_return_interviews": bool(missing["miss_mis_epi_rhi_offered"].notna().any())}
