"""Sample actions.csv (this edition's register) and actions_previous.csv (the previous edition's).

Constraints in, records out. The constraints are the sample edition's published registers,
transcribed into one CSV per plan in `panelbook/sample/registers/` (package data: the edition's words,
not the chapter's; their `source` column gives each row's lines in the papers). Which files, in which
order, under which plan names, and how the previous edition's register differed from this one (a
status that changed, actions added since, a ref renamed), are the sample edition's too:
`panelbook/sample/edition.yaml`, section `actions`.

The previous edition is this register with those differences undone and the rows of the register of
actions closed since then appended. Nothing is random: the seed is accepted and unused.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...sample.common import edition_words

COLUMNS = ["plan", "theme", "ref", "action", "owner", "due_date", "due_text", "status", "progress",
           "measure", "target", "actual"]
WORDS = edition_words("actions")
REGISTERS = Path(__file__).resolve().parents[2] / "sample" / "registers"  # the sample edition's, not the chapter's
PLANS = tuple(r["file"] for r in WORDS["registers"])
CLOSED_SINCE_PREVIOUS = WORDS["closed_since_previous"]  # in the previous register only
# (plan, ref) -> status in the previous edition, where it differs from this edition's
PREVIOUS_STATUS = {(d["plan"], d["ref"]): d["status"] for d in WORDS["previous_status"]}
ADDED = {(d["plan"], d["ref"]) for d in WORDS["added"]}  # not yet in the previous register
# (plan, ref, occurrence counted from 0) -> ref in the previous register
RENAMED = {(d["plan"], d["ref"], d["occurrence"] - 1): d["previous_ref"] for d in WORDS["renamed"]}


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
    return pd.concat([df, register(CLOSED_SINCE_PREVIOUS)], ignore_index=True)


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    return {"actions.csv": current(), "actions_previous.csv": previous()}
