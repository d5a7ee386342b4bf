"""Sample actions.csv (this edition's register) and actions_previous.csv (the previous edition's).

Constraints in, records out. The constraints are the published registers themselves, transcribed
(from the transcribed registers the team was given, copied at conversion time only) into one CSV per
plan in the sample edition's `panelbook/sample/registers/` (package data: the edition's words, not the
chapter's; their `source` column gives each row's lines
in the papers):
1. the Children's Services Development Action Plan 2014-16 (source 001): all 37 actions, text as
   transcribed, RAG letters as printed (G 12, A 20, R 2, blank 3), the duplicate ref "2.1.1" kept;
   `due_date` is the first date in the "Review/ end date" cell (a month alone = its last day),
   the cell itself kept in `due_text`; `measure` is the "Targets, outputs and outcome measures" cell;
2. the children's commissioning action plan 2013-14 with year-end progress (source 004): all 33
   target rows, RAG words as printed (Green 20, Amber 8, Red 2, none 3); the plan has no refs, so
   `ref` is the transcription's task id (T01-T24) with .1, .2 ... for a task's target rows; the
   plan has no due dates except where a target names one (T20 December 2013, T23 October 2014);
   `progress` is the RAG comment then the progress cell; numeric `target`/`actual` only where the
   paper prints both numbers for the same thing (FGC families referred, foster placements recruited,
   % of children in care seen by CAMHS, adoptions: 121 against 122 although "Target achieved");
3. three rows of the Ofsted action plan (source 000, as in the April 2014 panel papers) that carry
   the papers' impossible dates: CIN audit "by 31/04/14" (002:5064) and the B&B protocol discussed
   at the "Contract meeting 31.11.13" (002:4092), typed into `due_date` as printed; the source has
   no RAG ("Completed" is its own word).
Owners are roles: each named officer is replaced by "Lead officer A".. or their role (no real person).

The previous edition (January 2014 panel) is the same register with PREVIOUS_STATUS applied,
the ADDED actions absent, the second "2.1.1" still numbered "2.1.2" (a renamed ref) and the rows of
registers/000-closed-since-previous.csv present. Nothing is random: the seed is accepted and unused.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

COLUMNS = ["plan", "theme", "ref", "action", "owner", "due_date", "due_text", "status", "progress",
           "measure", "target", "actual"]
DEV, COM, OFS = "Development plan 2014-16", "Commissioning plan 2013-14", "Ofsted action plan (extract)"

# (plan, ref) -> status in the previous edition, where it differs from this edition's
PREVIOUS_STATUS = {
    (DEV, "1.4.2"): "A", (DEV, "1.4.6"): "A",  # now Red: worse
    (DEV, "3.2.1"): "A",  # now Green: better
    (DEV, "2.2.1"): "A",  # now blank ("Complete" in the due column): no longer rated
    (COM, "T04"): "Amber", (COM, "T11.2"): "Amber", (COM, "T19"): "Green",  # worse
    (COM, "T10"): "Amber", (COM, "T21"): "Amber",  # better
    (COM, "T20"): "Amber",  # now "No longer an agreed action", unrated
    (OFS, "8.24"): "Amber",  # now Completed
}
ADDED = {(DEV, "3.4.1"), (DEV, "4.4.1"), (OFS, "5.2")}  # not yet in the previous register
RENAMED = {(DEV, "2.1.1", 1): "2.1.2"}  # (plan, ref, occurrence) -> ref in the previous register

REGISTERS = Path(__file__).resolve().parents[2] / "sample" / "registers"  # the sample edition's, not the chapter's
PLANS = ("001-development-plan-2014-16.csv", "004-commissioning-plan-2013-14.csv", "000-ofsted-action-plan-extract.csv")
CLOSED_SINCE_PREVIOUS = "000-closed-since-previous.csv"  # in the previous register only


def register(name: str) -> pd.DataFrame:
    """One transcribed register, as text, in the sample file's columns."""
    return pd.read_csv(REGISTERS / name, dtype=str, keep_default_na=False)[COLUMNS]


def current() -> pd.DataFrame:
    return pd.concat([register(name) for name in PLANS], ignore_index=True)


def previous() -> pd.DataFrame:
    """This register as it stood at the previous edition (see the module docstring)."""
    df = current()
    occ = df.groupby(["plan", "ref"], sort=False).cumcount()
    key = list(zip(df["plan"], df["ref"]))
    df["status"] = [PREVIOUS_STATUS.get(k, s) for k, s in zip(key, df["status"])]
    df["ref"] = [RENAMED.get((p, r, o), r) for p, r, o in zip(df["plan"], df["ref"], occ)]
    df = df[[k not in ADDED for k in key]]
    closed = register(CLOSED_SINCE_PREVIOUS)
    ofs = df["plan"] == OFS
    return pd.concat([df[~ofs], df[ofs], closed], ignore_index=True)


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    return {"actions.csv": current(), "actions_previous.csv": previous()}
