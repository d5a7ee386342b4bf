"""Synthetic data at any scale: several authorities, several years, every chapter.

Each authority's data is the seeded sample (each chapter's `sample.py`) multiplied: every copy gets
suffixed identifiers (so keys stay unique and cross-file references still match) and each extra
year is the base year shifted by whole years (dates and 'YYYY-YY Qn' labels alike), so the
relations inside a record (age at an episode, approval after enquiry) are kept. Lookup tables and
registers (REFERENCE_FILES) are copied, not multiplied. One params file per authority is written
beside the data, built from the sample edition with the authority's own title and data folder.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .chapters import CHAPTERS
from .resources import sample_edition
from .sample import GENERATORS
from .sample.common import write_csv

REFERENCE_FILES = {"survey_questions.csv", "actions.csv", "actions_previous.csv"}
# Copies of the one-authority sample that give roughly England's yearly volumes: about 100,000 missing
# episodes (and more children than the 84,000 in care, as the sample carries non-missing children too);
# the other files at plausible national sizes rather than multiplied as far.
NATIONAL = {"children.csv": 430, "missing_episodes.csv": 430, "survey_responses.csv": 20, "complaints.csv": 150,
            "advocacy_cases.csv": 150, "foster_applications.csv": 20, "foster_households.csv": 20,
            "workforce.csv": 20, "qa_audits.csv": 50, "iro_plan_grades.csv": 30}
_LABEL = re.compile(r"^(\d{4})-(\d{2}) (Q[1-4])$")


def base_frames(seed: int) -> dict[str, pd.DataFrame]:
    """The sample data of every chapter, from its seeded generator (as text, as written to CSV)."""
    frames = {}
    for name in ("missing", "surveys", "complaints", "recruitment", "audits", "actions"):
        for file, df in importlib.import_module(GENERATORS[name]).generate(seed).items():
            frames[file] = df
    return frames


def _specs() -> dict:
    out = {}
    for chapter in CHAPTERS:
        for spec in chapter.hooks.INPUTS:
            out[spec.name] = spec
    return out


def _id_columns(frames: dict, specs: dict) -> set[str]:
    reference_cols = {c for f in REFERENCE_FILES if f in frames for c in frames[f].columns}
    ids = set()
    for file, df in frames.items():
        spec = specs.get(file)
        for col in df.columns:
            unique = spec is not None and any(c.name == col and c.unique for c in spec.columns)
            if (col.endswith("_id") or unique) and col not in reference_cols:
                ids.add(col)
    return ids


def _shift_years(df: pd.DataFrame, years: int, date_cols: list[str]) -> pd.DataFrame:
    if not years:
        return df
    out = df.copy()
    for col in date_cols:
        d = pd.to_datetime(out[col], errors="coerce")
        shifted = (d + pd.DateOffset(years=years)).dt.strftime("%Y-%m-%d")
        out[col] = shifted.where(d.notna(), out[col])
    for col in out.columns:
        s = out[col].astype(str)
        m = s.str.extract(_LABEL)
        if m[0].notna().all() and len(s):
            start = m[0].astype(int) + years
            out[col] = start.astype(str) + "-" + (start + 1).astype(str).str[-2:] + " " + m[2]
    return out


def multiply(frames: dict, copies: int, years: int, tag: str, per_file: dict | None = None) -> dict[str, pd.DataFrame]:
    """`copies` x `years` of every non-reference file (or per_file[file] copies), identifiers suffixed per copy.

    Files that refer to each other (children and episodes) must get the same number of copies."""
    specs = _specs()
    ids = _id_columns(frames, specs)
    out = {}
    for file, df in frames.items():
        if file in REFERENCE_FILES:
            out[file] = df
            continue
        spec = specs.get(file)
        date_cols = [c.name for c in spec.columns if c.kind == "date" and c.name in df] if spec else []
        together = [c for c in (spec.unique_together if spec else ()) if c not in date_cols]
        parts = []
        for y in range(years):
            shifted = _shift_years(df, y, date_cols)
            for k in range((per_file or {}).get(file, copies)):
                part = shifted.copy()
                suffix = f"-{tag}{y}{k}"
                for col in (c for c in part.columns if c in ids or c in together):
                    filled = part[col].notna() & (part[col].astype(str) != "")
                    part.loc[filled, col] = part.loc[filled, col].astype(str) + suffix
                parts.append(part)
        out[file] = pd.concat(parts, ignore_index=True)
    return out


EDITION_WORDS = {"audits": ("how_chosen",), "recruitment": ("vacancy_rate_target_basis",), "actions": ("rag_key",)}


def authority_params(template: Path, name: str, data_dir: str) -> dict:
    params = yaml.safe_load(template.read_text())
    params["title"] = f"Corporate Parenting Panel, {name} (synthetic)"
    params["local_authority"] = name
    params["data_dir"] = data_dir
    for key in ("published", "la_code", "publisher", "edition_name", "previous_edition", "footer", "logo"):
        params.pop(key, None)
    for section, keys in EDITION_WORDS.items():  # the first sample's own words, not a synthetic authority's
        for key in keys:
            params.get(section, {}).pop(key, None)
    if "actions" in params and params["actions"].get("previous"):
        params["actions"]["previous"] = f"{data_dir}/actions_previous.csv"
    return params


def synthesise(out: Path, authorities: int, seed: int, scale: int = 1, years: int = 1,
               national: bool = False) -> list[Path]:
    """Write out/data/<authority>/*.csv and out/params/<authority>.yaml; returns the params files.

    `national`: one dataset of England's size (NATIONAL copies per file) for each authority."""
    out = Path(out)
    base = base_frames(seed)
    rng = np.random.default_rng(seed)
    written = []
    for a in range(1, authorities + 1):
        name = f"Authority {a:03d}"
        slug = f"authority-{a:03d}"
        copies = max(1, int(round(scale * rng.uniform(0.6, 1.4)))) if authorities > 1 else scale
        frames = multiply(base, copies, years, tag=f"A{a}", per_file=NATIONAL if national else None)
        data = out / "data" / slug
        for file, df in frames.items():
            write_csv(df, data / file)
        params = authority_params(sample_edition(), name, f"../data/{slug}")
        p = out / "params" / f"{slug}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(yaml.safe_dump(params, sort_keys=False, allow_unicode=True))
        written.append(p)
    return written


def cmd_synth(args) -> int:
    files = synthesise(args.out, args.authorities, args.seed, args.scale, args.years, args.national)
    for f in files:
        print(f)
    return 0
