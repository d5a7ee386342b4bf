"""Illustrative comparator files in DfE's Explore Education Statistics layout: SYNTHETIC figures.

Every number here is made up by a seeded generator: these are not DfE's statistics and say nothing
about any real authority. The files exist so that the sample edition can show how `benchmarks:`
works (England, the region, statistical neighbours, EES symbols, time periods) with files laid out as
EES publishes them. The real local-authority codes and names are used only so that the layout is
realistic; the figures beside them are invented.

- `illustrative-synthetic-cla-missing-la.csv`: reporting years 2012 to 2014 (years ending 31 March);
  filter `characteristic` (Total; Unaccompanied asylum-seeking children); indicators
  `children_looked_after`, `children_missing`, `pc_missing`, `missing_incidents`, `incidents_per_child`.
- `illustrative-synthetic-fostering-la.csv`: financial years 2011-12 to 2013-14; filter `stage`
  (enquiry, assessment, Total); indicators `conversion_rate` (by stage), `attrition_rate`,
  `utilisation_rate`, `vacancy_rate` (stage Total; `z` elsewhere).
Counts from 1 to 5 are shown as `c`, as DfE does; a few figures are `x` (not available) or `low`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import rng

FOLDER = "benchmarks"
MISSING_FILE = f"{FOLDER}/illustrative-synthetic-cla-missing-la.csv"
FOSTERING_FILE = f"{FOLDER}/illustrative-synthetic-fostering-la.csv"

REGIONS = {
    "E12000002": "North West", "E12000003": "Yorkshire and The Humber", "E12000004": "East Midlands",
    "E12000005": "West Midlands", "E12000006": "East of England", "E12000008": "South East",
    "E12000009": "South West",
}
# (new_la_code, old_la_code, name, region_code): county councils as they stood in 2013
AUTHORITIES = (
    ("E10000006", "909", "Cumbria", "E12000002"), ("E10000017", "888", "Lancashire", "E12000002"),
    ("E10000023", "815", "North Yorkshire", "E12000003"), ("E10000007", "830", "Derbyshire", "E12000004"),
    ("E10000018", "855", "Leicestershire", "E12000004"), ("E10000019", "925", "Lincolnshire", "E12000004"),
    ("E10000021", "928", "Northamptonshire", "E12000004"), ("E10000024", "891", "Nottinghamshire", "E12000004"),
    ("E10000028", "860", "Staffordshire", "E12000005"), ("E10000031", "937", "Warwickshire", "E12000005"),
    ("E10000034", "885", "Worcestershire", "E12000005"), ("E10000003", "873", "Cambridgeshire", "E12000006"),
    ("E10000012", "881", "Essex", "E12000006"), ("E10000015", "919", "Hertfordshire", "E12000006"),
    ("E10000020", "926", "Norfolk", "E12000006"), ("E10000029", "935", "Suffolk", "E12000006"),
    ("E10000002", "825", "Buckinghamshire", "E12000008"), ("E10000011", "845", "East Sussex", "E12000008"),
    ("E10000014", "850", "Hampshire", "E12000008"), ("E10000016", "886", "Kent", "E12000008"),
    ("E10000025", "931", "Oxfordshire", "E12000008"), ("E10000030", "936", "Surrey", "E12000008"),
    ("E10000032", "938", "West Sussex", "E12000008"), ("E10000008", "878", "Devon", "E12000009"),
    ("E10000009", "835", "Dorset", "E12000009"), ("E10000013", "916", "Gloucestershire", "E12000009"),
    ("E10000027", "933", "Somerset", "E12000009"),
)
LEAD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
        "region_name", "old_la_code", "la_name", "new_la_code"]
# figures withheld or missing on purpose, to show how the chapters treat them: (file, year, code, column) -> symbol
PLANTED = {
    ("missing", "2013", "E10000030", "incidents_per_child"): "x",
    ("missing", "2013", "E10000029", "pc_missing"): "x",
    ("fostering", "201213", "E10000030", "conversion_rate"): "x",
    ("fostering", "201213", "E10000024", "attrition_rate"): "x",
}


def _lead(time_period: str, identifier: str, level: str, code: str = "", old: str = "", name: str = "",
          region: str = "") -> dict:
    return {"time_period": time_period, "time_identifier": identifier, "geographic_level": level,
            "country_code": "E92000001", "country_name": "England",
            "region_code": region if level != "National" else "",
            "region_name": REGIONS.get(region, "") if level != "National" else "",
            "old_la_code": old, "la_name": name, "new_la_code": code}


def _count(n: int) -> str:
    """A count as DfE publishes it: 1 to 5 withheld as 'c'."""
    return "c" if 1 <= n <= 5 else str(int(n))


def _pct(num: int, den: int, dp: int = 0) -> str:
    if den == 0:
        return "z"
    if 1 <= num <= 5:
        return "c"
    v = num / den * 100
    if 0 < v < 0.5 and dp == 0:
        return "low"
    return f"{np.floor(v * 10 ** dp + 0.5) / 10 ** dp:.{dp}f}"


def _missing_rows(r: np.random.Generator) -> list[dict]:
    rows = []
    size = {code: int(r.integers(500, 1500)) for code, *_ in AUTHORITIES}
    size["E10000016"] = 1800
    for year in ("2012", "2013", "2014"):
        place_rows = []
        for characteristic, share in (("Total", 1.0), ("Unaccompanied asylum-seeking children", 0.06)):
            for code, old, name, region in AUTHORITIES:
                cla = max(int(size[code] * share * r.uniform(0.9, 1.1)), 0)
                if characteristic != "Total" and code == "E10000016":
                    cla = int(cla * 6)  # many UASC, as in the sample edition's data
                went = int(round(cla * r.uniform(0.04, 0.16)))
                per_child = round(float(r.uniform(1.8, 6.5)), 1)
                incidents = int(round(went * per_child))
                place_rows.append((characteristic, code, old, name, region, cla, went, incidents))
        for characteristic in ("Total", "Unaccompanied asylum-seeking children"):
            mine = [p for p in place_rows if p[0] == characteristic]
            for label, group in [("National", mine)] + [("Regional", [p for p in mine if p[4] == reg]) for reg in REGIONS]:
                cla = sum(p[5] for p in group)
                went = sum(p[6] for p in group)
                incidents = sum(p[7] for p in group)
                region = group[0][4] if label == "Regional" else ""
                rows.append({**_lead(year, "Reporting year", label, region=region), "characteristic": characteristic,
                             **_missing_indicators(round(cla, -1), round(went, -1), round(incidents, -1))})
            for _, code, old, name, region, cla, went, incidents in mine:
                rows.append({**_lead(year, "Reporting year", "Local authority", code, old, name, region),
                             "characteristic": characteristic, **_missing_indicators(cla, went, incidents)})
    return rows


def _missing_indicators(cla: int, went: int, incidents: int) -> dict:
    per_child = "z" if went == 0 else ("c" if went <= 5 else f"{np.floor(incidents / went * 10 + 0.5) / 10:.1f}")
    return {"children_looked_after": _count(cla), "children_missing": _count(went), "pc_missing": _pct(went, cla),
            "missing_incidents": _count(incidents), "incidents_per_child": per_child}


def _fostering_rows(r: np.random.Generator) -> list[dict]:
    rows = []
    for year in ("201112", "201213", "201314"):
        per_la = {}
        for code, old, name, region in AUTHORITIES:
            enquiries = int(r.integers(200, 900))
            assessed = int(enquiries * r.uniform(0.15, 0.3))
            approved = int(assessed * r.uniform(0.45, 0.8))
            households = int(r.integers(250, 900))
            lost = int(households * r.uniform(0.08, 0.18))
            places = int(households * r.uniform(1.5, 2.0))
            used = int(places * r.uniform(0.6, 0.85))
            per_la[code] = (old, name, region, enquiries, assessed, approved, households, lost, places, used)
        groups = [("National", "", list(per_la.values()))]
        groups += [("Regional", reg, [v for v in per_la.values() if v[2] == reg]) for reg in REGIONS]
        for label, region, group in groups:
            totals = [sum(v[i] for v in group) for i in range(3, 10)]
            rows += _fostering_place(year, _lead(year, "Financial year", label, region=region), *totals)
        for code, (old, name, region, *counts) in per_la.items():
            rows += _fostering_place(year, _lead(year, "Financial year", "Local authority", code, old, name, region),
                                     *counts)
    return rows


def _fostering_place(year, lead, enquiries, assessed, approved, households, lost, places, used) -> list[dict]:
    return [
        {**lead, "stage": "enquiry", "conversion_rate": _pct(approved, enquiries), "attrition_rate": "z",
         "utilisation_rate": "z", "vacancy_rate": "z"},
        {**lead, "stage": "assessment", "conversion_rate": _pct(approved, assessed), "attrition_rate": "z",
         "utilisation_rate": "z", "vacancy_rate": "z"},
        {**lead, "stage": "Total", "conversion_rate": "z", "attrition_rate": _pct(lost, households),
         "utilisation_rate": _pct(used, places), "vacancy_rate": _pct(places - used, places)},
    ]


def _plant(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    out = frame.copy()
    for (which, year, code, column), symbol in PLANTED.items():
        if which == kind:
            hit = (out["time_period"] == year) & (out["new_la_code"] == code) & (out[column] != "z")
            out.loc[hit, column] = symbol
    return out


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    r = rng(seed + 22)
    missing = pd.DataFrame(_missing_rows(r))
    fostering = pd.DataFrame(_fostering_rows(r))
    return {MISSING_FILE: _plant(missing, "missing"), FOSTERING_FILE: _plant(fostering, "fostering")}
