"""The whole published edition attacked with min_count 5 (issue 15, finding 3): no suppressed cell can be
worked out from everything a reader sees in its chapter.

1. Solve: for each chapter, every withheld count is an unknown (at least 1: zeros are never withheld);
   the equations are every table's own sums, the equalities the chapter declares across tables, and
   what a reader can tell from the other figures of the chapter - a survey question's base and headline
   count in the summary tables, an audit group's n, the escalated complaints, the timeliness sentence.
   Linear programming finds each unknown's least and greatest value; equal means determined.
2. Charts, their alt text and "Show as table" carry no number their table withholds.
3. No count is given away by the grammar around it.

The true values come from the same edition built without suppression (the `sample_build` fixture);
the attacker never sees them: they only say which published number would be a leak.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, glued
from panelbook.disclosure import SUPPRESSED, Margin, TableShape, constraints

MIN = 5


def _tables(figures: Path) -> dict[str, tuple[dict, pd.DataFrame]]:
    out = {}
    for meta_path in sorted(figures.glob("*.json")):
        if meta_path.name == "register.json" or meta_path.name.endswith(".vl.json"):
            continue
        meta = json.loads(meta_path.read_text())
        if meta.get("kind") == "table":
            out[meta["id"]] = (meta, pd.read_csv(figures / f"{meta['id']}.csv", dtype=str, keep_default_na=False))
    return out


def _num(v) -> float | None:
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        return None


def _shape(meta: dict) -> TableShape:
    s = meta.get("shape", {})
    return TableShape(counts=tuple(s.get("counts", ())), row_sums={k: tuple(v) for k, v in s.get("row_sums", {}).items()},
                      total_row=s.get("total_row", True), distinct_totals=tuple(s.get("distinct_totals", ())),
                      complements=dict(s.get("complements", {})))  # margins: the attacker's, below


class Attack:
    """One chapter's published numbers as a linear system over its withheld counts."""

    def __init__(self):
        self.index: dict[tuple, int] = {}
        self.truth: dict[tuple, float] = {}
        self.lower: dict[tuple, float] = {}
        self.rows: list[tuple[dict[tuple, float], float]] = []

    def term(self, key, value, truth=None, lower=1.0) -> tuple[dict, float]:
        """A cell as (coefficients, constant): a known number, or an unknown (created once)."""
        if value is not None:
            return {}, value
        if key not in self.index:
            self.index[key] = len(self.index)
            self.truth[key] = truth
            self.lower[key] = lower
        return {key: 1.0}, 0.0

    def equal(self, left: list, right: list) -> None:
        """sum(left) = sum(right), each side a list of (coefficients, constant) terms."""
        coef, const = {}, 0.0
        for sign, side in ((1, left), (-1, right)):
            for c, k in side:
                for key, v in c.items():
                    coef[key] = coef.get(key, 0.0) + sign * v
                const -= sign * k
        coef = {k: v for k, v in coef.items() if abs(v) > 1e-12}
        if coef:
            self.rows.append((coef, const))

    def determined(self) -> list[tuple]:
        from scipy.optimize import linprog

        if not self.index or not self.rows:
            return []
        keys = sorted(self.index, key=self.index.get)
        a = np.zeros((len(self.rows), len(keys)))
        b = np.zeros(len(self.rows))
        for r, (coef, const) in enumerate(self.rows):
            for key, v in coef.items():
                a[r, self.index[key]] = v
            b[r] = const
        bounds = [(self.lower[k], None) for k in keys]
        out = []
        for i, key in enumerate(keys):
            c = np.zeros(len(keys))
            c[i] = 1
            lo = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            hi = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if lo.status == 0 and hi.status == 0 and abs(-hi.fun - lo.fun) < 1e-6:
                out.append((key, lo.fun, self.truth[key]))
        return out


def _cell(attack: Attack, tid: str, df: pd.DataFrame, truth: pd.DataFrame, cell) -> tuple[dict, float]:
    i, col = cell
    if col not in df.columns:  # a complement (total - part): a count of its own, perhaps zero
        total, part = col.split(" - ")
        t = _cell(attack, tid, df, truth, (i, total))
        p = _cell(attack, tid, df, truth, (i, part))
        if not t[0] and not p[0]:
            return {}, t[1] - p[1]
        key = (tid, i, col)
        attack.term(key, None, _num(truth.iat[i, truth.columns.get_loc(total)]) - _num(truth.iat[i, truth.columns.get_loc(part)]), 0.0)
        attack.equal([({key: 1.0}, 0.0), p], [t])
        return {key: 1.0}, 0.0
    v = df.iat[i, df.columns.get_loc(col)]
    t = _num(truth.iat[i, truth.columns.get_loc(col)])
    # a withheld count is at least 1, unless it is a zero withheld for its group (then at least 0)
    return attack.term((tid, i, col), None if v == SUPPRESSED else (_num(v) or 0.0), t, 1.0 if t else 0.0)


def _row(df: pd.DataFrame, label: str) -> int | None:
    hit = [i for i, v in enumerate(df.iloc[:, 0]) if v == label]
    return hit[0] if hit else None


def chapter_attack(chapter: str, tables5: dict, tables0: dict, notebook: Path | None) -> Attack:
    attack = Attack()
    ours = {tid: v for tid, v in tables5.items() if v[0]["chapter"] == chapter}
    for tid, (meta, df) in ours.items():
        shape = _shape(meta)
        truth = tables0[tid][1]
        for con in constraints(df, shape):
            total, parts = con[0], con[1:]
            if shape.total_row and total[0] == len(df) - 1 and total[1] in shape.distinct_totals:
                continue  # a distinct count, not a sum
            if total[0] < 0 or (len(parts) == 2 and parts[-1][1] not in df.columns):
                if total[0] >= 0:
                    _cell(attack, tid, df, truth, parts[-1])  # the complement's own equation
                continue
            attack.equal([_cell(attack, tid, df, truth, c) for c in parts], [_cell(attack, tid, df, truth, total)])

    def same(a, b):
        attack.equal([a], [b])

    # what a reader can tell from the chapter's other figures
    if chapter == "missing":
        from panelbook.chapters import chapter_by_slug

        for group in chapter_by_slug("missing").hooks.IDENTITIES:  # its exports.yaml
            cells = [(tid, _row(tables5[tid][1], row), col) for tid, row, col in group if tid in tables5]
            cells = [(t, i, c) for t, i, c in cells if i is not None and c in tables5[t][1].columns]
            terms = [_cell(attack, t, tables5[t][1], tables0[t][1], (i, c)) for t, i, c in cells]
            for a, b in zip(terms, terms[1:]):
                same(a, b)
    if chapter == "surveys":
        from panelbook.chapters.surveys import analysis as sv

        _, questions = sv.load(ROOT / "data" / "sample")
        headline = sv.headline_answers(questions)
        for summary, key_cols, sides in (("survey-net-positive", ("survey", "question_id"), (("compare", "compare"), ("period", "period"))),
                                         ("survey-changes", ("survey", "question_id"), (("compare", "compare"), ("period", "period")))):
            if summary not in ours:
                continue
            sdf, struth = tables5[summary][1], tables0[summary][1]
            for i in range(len(sdf)):
                s, q = (sdf.at[i, c] for c in key_cols)
                qid = f"survey-{s}-{q}"
                if qid not in ours:
                    continue
                qdf, qtruth = tables5[qid][1], tables0[qid][1]
                body = [j for j in range(len(qdf)) if qdf.iat[j, 0] != "Total"]
                for side, col in sides:
                    n_col = f"{side}_n"
                    base = [_cell(attack, qid, qdf, qtruth, (j, f"{col}_n")) for j in body]
                    same_n = _cell(attack, summary, sdf, struth, (i, n_col))
                    attack.equal(base, [same_n])
                    if summary == "survey-net-positive":
                        rows = [j for j in body if qdf.iat[j, 0] in headline.get((s, q), ())]
                        k = _cell(attack, summary, sdf, struth, (i, f"{side}_k"))
                        attack.equal([_cell(attack, qid, qdf, qtruth, (j, f"{col}_n")) for j in rows], [k])
    if chapter == "audits" and "audit-supervision-plan-correlation" in ours:
        ct, ctt = tables5["audit-supervision-plan-crosstab"][1], tables0["audit-supervision-plan-crosstab"][1]
        cor, cort = tables5["audit-supervision-plan-correlation"][1], tables0["audit-supervision-plan-correlation"][1]
        for i in range(len(cor)):
            rows = [j for j in range(len(ct)) if ct.at[j, "needs_group"] == cor.iat[i, 0]]
            attack.equal([_cell(attack, "audit-supervision-plan-crosstab", ct, ctt, (j, "cases")) for j in rows],
                         [_cell(attack, "audit-supervision-plan-correlation", cor, cort, (i, "n"))])
    if chapter == "complaints":
        esc, esct = tables5["complaints-escalation"][1], tables0["complaints-escalation"][1]
        st, stt = tables5["complaints-by-stage"][1], tables0["complaints-by-stage"][1]
        now = len(esc) - 1
        attack.equal([_cell(attack, "complaints-by-stage", st, stt, (_row(st, f"stage {s}"), "complaints")) for s in (2, 3)],
                     [_cell(attack, "complaints-escalation", esc, esct, (now, "escalated"))])
        if notebook is not None and "complaints-stage1-timeliness" in ours:
            text = str(glued(notebook).get("timeliness_text", ""))
            m = re.search(r"and (\d+)(?: \([\d.]+%\))? within the extended limit", text)
            if m:
                tl, tlt = tables5["complaints-stage1-timeliness"][1], tables0["complaints-stage1-timeliness"][1]
                total = len(tl) - 1
                attack.equal([_cell(attack, "complaints-stage1-timeliness", tl, tlt, (total, c)) for c in ("on_time", "extended")],
                             [({}, float(m.group(1)))])
    return attack


CHAPTERS = ["missing", "surveys", "complaints", "recruitment", "audits", "actions"]


@pytest.fixture(scope="module")
def both(suppressed_build, sample_build):
    return _tables(suppressed_build / "figures"), _tables(sample_build / "figures"), suppressed_build


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_small_count_can_be_solved_for_from_its_chapter(both, chapter):
    """Every small count (1 to 4) of the chapter stays undetermined, whatever else is worked out: a
    cell withheld only to protect another may be shown by a different table (a base, a headline)."""
    tables5, tables0, build = both
    notebook = build / "notebooks" / f"{chapter}.ipynb"
    attack = chapter_attack(chapter, tables5, tables0, notebook if notebook.is_file() else None)
    found = attack.determined()
    small = [(k, v, t) for k, v, t in found if t is not None and 0 < t < MIN]
    assert not small, [(k, f"solved {v:g}", f"true {t}") for k, v, t in small[:10]]
    print(f"\n[recovery] {chapter}: {len(attack.index)} withheld unknowns, {len(attack.rows)} equations, "
          f"{sum(1 for k in attack.truth if (attack.truth[k] or 0) and 0 < attack.truth[k] < MIN)} of them small, "
          f"none of those determined ({len(found)} protecting cells are, from other figures)")


@pytest.mark.slow
def test_no_withheld_cell_can_be_solved_for_from_its_own_table(both):
    """Each table alone, with every withheld count at least 1: no withheld cell is determined."""
    tables5, tables0, _ = both
    found, hidden = [], 0
    for tid, (meta, df) in tables5.items():
        attack = Attack()
        shape = _shape(meta)
        for con in constraints(df, shape):
            total, parts = con[0], con[1:]
            if total[0] < 0 or (shape.total_row and total[0] == len(df) - 1 and total[1] in shape.distinct_totals):
                continue
            if len(parts) == 2 and parts[-1][1] not in df.columns:
                _cell(attack, tid, df, tables0[tid][1], parts[-1])
                continue
            attack.equal([_cell(attack, tid, df, tables0[tid][1], c) for c in parts],
                         [_cell(attack, tid, df, tables0[tid][1], total)])
        hidden += len(attack.index)
        found += attack.determined()
    assert hidden > 50
    assert not found, found[:10]


def test_the_attack_can_succeed():
    """Guard: the solver finds a count that the equations do pin down (two 1s beside a shown total)."""
    attack = Attack()
    a, b = attack.term("a", None, 1), attack.term("b", None, 1)
    attack.equal([a, b], [({}, 2.0)])
    assert {k for k, _, _ in attack.determined()} == {"a", "b"}


# -- 2. charts, alt text, "Show as table" -----------------------------------------------------------
def _revealing(df: pd.DataFrame, truth: pd.DataFrame, i: int) -> set[float]:
    """Numbers that would give away row i's withheld cells: their true values, and the true counts as
    percentages of the table's shown bases (rounded to 0, 1 or 2 places)."""
    out, shown = set(), {_num(v) for v in df.iloc[i] if _num(v) is not None}
    for col in df.columns:
        if df.at[i, col] == SUPPRESSED:
            t = _num(truth.at[i, col])
            if t is None:
                continue
            out.add(round(t, 2))
            base = _num(truth.iat[-1, truth.columns.get_loc(col)])  # the column's total
            for places in (0, 1, 2):
                if base:
                    out.add(round(100 * t / base, places))
    return {v for v in out if v not in shown and v != 0}


def _records(spec) -> list[dict]:
    return [r for data in spec.get("datasets", {}).values() for r in data if isinstance(r, dict)]


@pytest.mark.slow
def test_charts_alt_text_and_show_as_table_show_no_withheld_number(both):
    tables5, tables0, build = both
    figures = build / "figures"
    charts = [json.loads(p.read_text()) for p in sorted(figures.glob("*.json"))
              if not p.name.endswith(".vl.json") and p.name != "register.json"]
    charts = [c for c in charts if c.get("kind") == "chart"]
    assert len(charts) >= 10
    leaks, checked = [], 0
    shown_tables = _show_as_tables(build)
    for chart in charts:
        assert chart.get("table") in tables5, f"{chart['id']} names no published table it is drawn from"
        df, truth = tables5[chart["table"]][1], tables0[chart["table"]][1]
        records = _records(json.loads((figures / f"{chart['id']}.vl.json").read_text()))
        records += shown_tables.get(chart["id"], [])
        for i in range(len(df)):
            bad = _revealing(df, truth, i)
            if not bad:
                continue
            label = str(df.iat[i, 0])
            key = {c: str(v) for c, v in df.iloc[i].items() if v != SUPPRESSED and (_num(v) is None or c == df.columns[0])}
            for r in records:
                shared = [c for c in key if c in r]
                if shared and all(str(r[c]) == key[c] for c in shared):  # this row's record
                    checked += 1
                    nums = [float(v) for k, v in r.items() if _num(v) is not None and str(v) != label and k != "order"]
                    hits = ({round(v, 2) for v in nums} | {round(v, 1) for v in nums}) & bad
                    if hits:
                        leaks.append((chart["id"], label, sorted(hits)))
            for clause in re.split(r"[;,] ", chart.get("alt", "")):
                if clause.startswith(label + " ") or clause.startswith(label + ":"):
                    nums = {round(float(x), 2) for x in re.findall(r"-?\d+(?:\.\d+)?", clause[len(label):])
                            if not re.fullmatch(r"\d{4}-\d{2}", x)}
                    if nums & bad:
                        leaks.append((chart["id"], "alt", clause[:60], sorted(nums & bad)))
    assert checked > 0, "no chart row matched a table row with withheld cells: the check saw nothing"
    assert not leaks, leaks[:10]


def _show_as_tables(build: Path) -> dict[str, list[dict]]:
    """Each chart's 'Show as table' rows, read from the executed notebooks (header -> cell text)."""
    import html as htmllib

    import nbformat

    out = {}
    for nb_path in (build / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(str(nb_path), as_version=4).cells:
            for o in cell.get("outputs", []):
                page = o.get("data", {}).get("text/html", "")
                for m in re.finditer(r'<div class="pb-figure pb-chart" id="([^"]+)".*?<summary>Show as table</summary>(.*?)</details>',
                                     page, re.S):
                    heads = [htmllib.unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', m.group(2))]
                    rows = []
                    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(2), re.S)[1:]:
                        cells = [htmllib.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
                        rows.append(dict(zip(heads, cells)))
                    out[m.group(1)] = rows
    return out


# -- 3. grammar ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_no_count_is_given_away_by_its_grammar(suppressed_build):
    """'fewer than 5 complaint ... has' says 1: a withheld count is always worded in the plural."""
    texts = []
    for nb in (suppressed_build / "notebooks").glob("*.ipynb"):
        texts += [str(v) for v in glued(nb).values()]
    texts += [p.read_text(encoding="utf-8") for p in (suppressed_build / "html" / "chapters").glob("*.html")]
    withheld = re.compile(r"(fewer than \d+|a withheld number)\b([^.;:]{0,60})")
    hits = [m.group(0) for t in texts for m in withheld.finditer(t) if re.search(r"\b(has|is|was)\b", m.group(2))]
    assert not hits, hits[:5]
    assert any("fewer than 5" in t for t in texts)  # withheld counts were worded


# -- 4. groups, statistics, notes and rates (issue 15's remaining gaps) ---------------------------------
@pytest.mark.slow
def test_no_small_group_is_shown_all_in_one_category(both):
    """Group disclosure: no sum a reader sees of fewer than 2 x min_count members has every member in
    one shown part with the other parts shown as 0 (100% of the group gave one answer)."""
    from panelbook.disclosure import GROUP_FACTOR

    tables5, _, _ = both
    found, sums = [], 0
    for tid, (meta, df) in tables5.items():
        shape = _shape(meta)
        for con in constraints(df, shape):
            total, parts = con[0], con[1:]
            if total[0] < 0 or len(parts) < 2 or any(c[1] not in shape.counts for c in con):
                continue  # counts of children only (a table without counts, such as the action plans', counts none)
            whole = _num(df.iat[total[0], df.columns.get_loc(total[1])])
            values = [_num(df.iat[i, df.columns.get_loc(c)]) for i, c in parts]
            if whole is None or not 0 < whole < GROUP_FACTOR * MIN:
                continue
            sums += 1  # a small group the check looked at (its parts shown, or some withheld)
            if None not in values and sum(1 for v in values if v) == 1:
                found.append((tid, total, whole))
    assert sums > 0
    assert not found, found[:10]


@pytest.mark.slow
def test_audit_statistics_are_withheld_with_their_cross_tab_cells(both):
    """A needs group whose cross-tab shows a 'c' shows no statistic computed from its cells (nor All,
    nor Cochran's Q); the prose gives no rho the table withholds."""
    tables5, tables0, build = both
    ct = tables5["audit-supervision-plan-crosstab"][1]
    cor = tables5["audit-supervision-plan-correlation"][1].set_index("needs_group")
    truth = tables0["audit-supervision-plan-correlation"][1].set_index("needs_group")
    groups = set(ct.loc[ct["cases"] == SUPPRESSED, "needs_group"])
    assert groups, "the min_count 5 build withholds no cross-tab cell: the check sees nothing"
    stats = [c for c in cor.columns if c != "n"]
    for g in groups | {"All"}:
        assert (cor.loc[g, stats] == SUPPRESSED).all(), g
    cmp = tables5["audit-correlation-comparison"][1]
    assert cmp.iloc[-1]["statistic"] == SUPPRESSED
    text = " ".join(str(v) for v in glued(build / "notebooks" / "audits.ipynb").values())
    for g in groups:
        rho = truth.loc[g, "spearman_rho"]
        if rho not in ("not computable", SUPPRESSED):
            assert f"{float(rho):.2f} for" not in text, (g, rho)


@pytest.mark.slow
def test_no_note_names_a_withheld_cell_as_small(both):
    """'Fewer than 5 responses: No (2013)' beside a 'c' says which withheld count is the small one."""
    tables5, _, _ = both
    checked = 0
    for tid, (meta, df) in tables5.items():
        m = re.search(r"Fewer than \d+ responses \(read with care\): (.*?)\.(?: |$)", meta.get("note", ""))
        if not m:
            continue
        for item in m.group(1).split("; "):
            answer, side = re.fullmatch(r"(.*) \((.*)\)", item).groups()
            row = df[df["answer"] == answer]
            cols = [c for c in df.columns if c.endswith("_n")]
            checked += 1
            assert not (row[cols] == SUPPRESSED).any().any() or len(row) == 0, (tid, item)
    texts = [str(v) for v in glued(both[2] / "notebooks" / "audits.ipynb").values()]
    assert not [t for t in texts if re.search(r"[Ff]ewer than \d+ (cases|[a-z ]+ cases)", t)]


@pytest.mark.slow
def test_recruitment_rates_are_withheld_with_their_workings(both):
    """The benchmark table shows no rate the workings withhold (its counts small, or protecting one)."""
    tables5, _, build = both
    w = tables5["recruitment-benchmark-workings"][1].set_index("measure")
    b = tables5["recruitment-benchmark"][1].set_index("measure")
    for measure in w.index[w["local_pct"] == SUPPRESSED]:
        assert b.at[measure, "local_pct"] == SUPPRESSED, measure
    glue = glued(build / "notebooks" / "recruitment.ipynb")
    for measure in w.index[w["local_pct"] == SUPPRESSED]:
        assert glue.get(f"recruitment_{measure}") == "withheld", measure
