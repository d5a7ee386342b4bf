"""Views of children and young people in care: survey answers by period, and which changes are real.

Definitions (quoted in the chapter):
- a question's *base* is every response to it in the period, blanks included (as the papers
  print); for a multi-select question ("tick all that apply") it is the number of answers ticked,
  not the number of respondents;
- percentages are 100 x count / base, rounded half up to the survey's decimal places;
- *change* is the period's percentage minus the comparison period's, both as shown (percentage
  points), so a reader can check it by subtraction;
- a question's *headline share* is the share giving its headline answers (for 1-5 scales, 4 or 5:
  "net positive"); its 95% interval is Wilson's;
- a change is *real* when the test of the whole answer distribution (Fisher's exact test when any
  expected count is below 5, else chi-square) gives p < alpha; otherwise, with fewer than `min_n`
  responses in either period, it is "too few responses to tell".

Data contract: survey_questions.csv lists each question's ordered answers, so a new questionnaire
needs new rows, not code; survey_responses.csv has one row per answer given (blank = left blank).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from ... import labels, numbers, stats
from ...charts import PALETTE
from ...disclosure import SUPPRESSED, Margin, TableShape, apply as suppress
from ...numbers import p_text
from ...params import StrictModel
from ...schema import Col, FileSpec, RowRule

PERIOD_PATTERN = r"^\d{4}-\d{2} Q[1-4]$"
BLANK = "Left blank"  # label for blank answers when the questionnaire lists no blank answer
SCALES = ("likert5", "yes_no", "choice", "multi")
TABLE_COLUMNS = ["answer", "compare_n", "compare_pct", "period_n", "period_pct", "change_pp"]
CHANGE_COLUMNS = ["survey", "question_id", "compare_n", "period_n", "test", "p_value", "verdict"]


class Params(StrictModel):
    period: str = Field(description="the survey period reported, e.g. 2013-14 Q3")
    compare_with: str | None = Field(None, description="the earlier period it is compared with")
    surveys: list[str] | None = Field(None, description="only these survey ids (default: all)")
    decimals: dict[str, int] = Field(default_factory=dict,
                                     description="decimal places of percentages per survey (default 0)")
    alpha: float = Field(0.05, gt=0, lt=1, description="significance level of the change tests")
    min_n: int = Field(30, ge=1, description="below this many responses, 'too few responses to tell'")
    small_cell: int = Field(5, ge=1, description="answers given by fewer are flagged")

    @field_validator("period", "compare_with")
    @classmethod
    def _period_format(cls, v):
        import re

        if v is not None and not re.match(PERIOD_PATTERN, v):
            raise ValueError(f"expected a period like '2013-14 Q3' (got {v!r})")
        return v


QUESTIONS = FileSpec(
    name="survey_questions.csv",
    description="One row per question of each questionnaire, in questionnaire order.",
    columns=(
        Col("survey", help="survey id, e.g. consultation_booklet"),
        Col("question_id", help="short id, unique within the survey, e.g. where_i_live"),
        Col("question", help="the wording as asked"),
        Col("answers", help="the answer labels in printed order, separated by |"),
        Col("scale", "code", codes=SCALES, help="likert5, yes_no, choice or multi (tick all that apply)"),
        Col("headline", required=False, nullable=True,
            help="answers whose share is the headline, |-separated (default for likert5: the 4th and 5th)"),
        Col("decimals", "int", required=False, nullable=True, min=0, max=3,
            help="decimal places for this question's percentages (overrides the survey's)"),
        Col("survey_title", required=False, nullable=True, help="the survey's name in the book"),
    ),
    rules=(
        RowRule("an answer is called 'Total', the name of every table's total row", "answers",
                lambda df: ~df["answers"].fillna("").astype(str).str.split("|").map(
                    lambda labels: any(x.strip().lower() == "total" for x in labels)),
                "rename that answer"),
    ),
    unique_together=("survey", "question_id"),
)

RESPONSES = FileSpec(
    name="survey_responses.csv",
    description="One row per answer given (a multi-select question has one row per ticked answer).",
    columns=(
        Col("survey", help="matches survey_questions.csv"),
        Col("period", help="survey period as YYYY-YY Qn, e.g. 2013-14 Q3"),
        Col("respondent_id", help="one id per completed questionnaire (never shown)"),
        Col("area", required=False, nullable=True, help="optional: North, West, South, East, 16+, DCS, UASC..."),
        Col("question_id", help="matches survey_questions.csv"),
        Col("answer", nullable=True, help="one of the question's answers; blank (or Left blank) = left blank"),
    ),
    rules=(
        RowRule("period is not of the form YYYY-YY Qn (e.g. 2013-14 Q3)", "period",
                lambda df: df["period"].isna() | df["period"].astype(str).str.match(PERIOD_PATTERN),
                "write the financial year and quarter, e.g. 2013-14 Q3"),
    ),
)

INPUTS = (RESPONSES, QUESTIONS)


def _key(s: pd.Series) -> pd.Series:
    """Answers compared ignoring case, outer spaces and curly quotes (as typed in Excel)."""
    from ...io import per_value

    return per_value(s, lambda t: t.astype(str).str.strip().str.casefold()
                     .str.replace("[’‘]", "'", regex=True).str.replace("[“”\"]", "", regex=True))


def is_blank(answers: pd.Series) -> pd.Series:
    """Answers left blank: an empty cell, or BLANK written out (as `import-survey` writes it)."""
    from ...io import per_value

    return answers.isna() | per_value(answers.fillna(""), lambda a: (a.astype(str).str.strip() == "")
                                      | (_key(a) == _key(pd.Series([BLANK]))[0]))


def answer_frame(questions: pd.DataFrame) -> pd.DataFrame:
    """Long form of the questionnaire: survey, question_id, order, answer, headline, key."""
    q = questions[["survey", "question_id", "answers", "scale", "headline"]].copy()
    q["answer"] = q["answers"].str.split("|")
    a = q.explode("answer", ignore_index=True)
    a["answer"] = a["answer"].str.strip()
    a["order"] = a.groupby(["survey", "question_id"]).cumcount()
    a["key"] = _key(a["answer"])
    explicit = q.set_index(["survey", "question_id"])["headline"].dropna().str.split("|")
    pairs = explicit.explode()
    hl = pd.DataFrame({"survey": pairs.index.get_level_values(0), "question_id": pairs.index.get_level_values(1),
                       "key": _key(pairs.str.strip()).to_numpy(), "headline": True})
    a = a.drop(columns=["headline"]).merge(hl, on=["survey", "question_id", "key"], how="left")
    default = a["scale"].eq("likert5") & a["order"].isin([3, 4])
    no_explicit = ~a.set_index(["survey", "question_id"]).index.isin(explicit.index)
    a["headline"] = a["headline"].fillna(False).astype(bool) | (default & no_explicit)
    return a[["survey", "question_id", "order", "answer", "headline", "key"]]


def blank_labels(answers: pd.DataFrame) -> pd.DataFrame:
    """Per question, the label a blank answer is counted under: its listed 'blank' answer, else BLANK."""
    listed = answers[answers["key"].str.contains("blank", regex=False)]
    first = listed.sort_values("order").groupby(["survey", "question_id"], as_index=False).first()
    q = answers[["survey", "question_id"]].drop_duplicates()
    out = q.merge(first[["survey", "question_id", "answer"]], on=["survey", "question_id"], how="left")
    return out.rename(columns={"answer": "blank_label"}).fillna({"blank_label": BLANK})


def clean_responses(responses: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Responses with each answer in its questionnaire spelling; blanks counted as the blank label."""
    answers = answer_frame(questions)
    r = responses[["survey", "period", "respondent_id", "question_id", "answer"]].copy()
    blank = is_blank(r["answer"])
    r["key"] = _key(r["answer"].where(~blank, ""))
    labels = answers.set_index(["survey", "question_id", "key"])["answer"]
    blanks = blank_labels(answers).set_index(["survey", "question_id"])["blank_label"]
    if labels.index.has_duplicates or blanks.index.has_duplicates:  # a merge repeats those rows: keep its result
        r = r.merge(answers[["survey", "question_id", "key", "answer"]].rename(columns={"answer": "label"}),
                    on=["survey", "question_id", "key"], how="left")
        r = r.merge(blank_labels(answers), on=["survey", "question_id"], how="left")
        r["answer"] = np.where(blank.to_numpy(), r["blank_label"], r["label"])
        return r[["survey", "period", "respondent_id", "question_id", "answer"]]
    # otherwise looked up row by row (what the merges give, without two copies of a million-row file)
    label = labels.reindex(pd.MultiIndex.from_frame(r[["survey", "question_id", "key"]])).to_numpy()
    blank_label = blanks.reindex(pd.MultiIndex.from_frame(r[["survey", "question_id"]])).to_numpy()
    r["answer"] = np.where(blank.to_numpy(), blank_label, label)
    return r[["survey", "period", "respondent_id", "question_id", "answer"]].set_axis(pd.RangeIndex(len(r)))


def answer_counts(clean: pd.DataFrame) -> pd.DataFrame:
    """Responses per survey, question, period and answer."""
    return clean.groupby(["survey", "question_id", "period", "answer"], as_index=False).size().rename(
        columns={"size": "n"})


def respondents(clean: pd.DataFrame) -> pd.DataFrame:
    """Completed questionnaires per survey and period (distinct respondent ids)."""
    return clean.groupby(["survey", "period"], as_index=False)["respondent_id"].nunique().rename(
        columns={"respondent_id": "n"})


def periods_present(clean: pd.DataFrame, survey: str | None = None) -> list[str]:
    """Every period with responses (for one survey if given), in time order."""
    p = clean.loc[clean["survey"] == survey, "period"] if survey else clean["period"]
    return sorted(p.dropna().unique().tolist())


def decimals_for(questions: pd.DataFrame, p: Params) -> pd.Series:
    """Decimal places per (survey, question_id): the question's own, else the survey's, else 0."""
    q = questions.set_index(["survey", "question_id"])
    survey_dp = q.index.get_level_values(0).map(lambda s: p.decimals.get(s, 0))
    own = q["decimals"] if "decimals" in q else pd.Series(pd.NA, index=q.index)
    return own.astype("Float64").fillna(pd.Series(survey_dp, index=q.index, dtype="Float64")).astype(int)


def _pct_col(counts: pd.Series, decimals: int) -> pd.Series:
    total = int(counts.sum())
    vals = numbers.pct_half_up(counts.to_numpy(), total, decimals)
    return pd.Series(vals, index=counts.index, dtype="Float64")


def question_table(counts: pd.DataFrame, labels: list[str], period: str, compare: str | None,
                   decimals: int = 0) -> pd.DataFrame:
    """One question: counts and % in both periods, change in points; answers in order, then Total.

    `counts` holds (period, answer, n) for this question. Answers not in `labels` (blanks the
    questionnaire does not list) follow the listed ones. A period with no responses shows blanks.
    """
    extra = sorted(set(counts["answer"]) - set(labels))
    rows = list(labels) + extra
    wide = counts.pivot_table(index="answer", columns="period", values="n", aggfunc="sum")
    out = pd.DataFrame({"answer": rows})
    for side, per in (("compare", compare), ("period", period)):
        has = per is not None and per in wide.columns and wide[per].sum() > 0
        n = (wide[per].reindex(rows).fillna(0).astype("int64") if has
             else pd.Series(0, index=rows, dtype="int64"))
        out[f"{side}_n"] = pd.array(n.to_numpy(), dtype="Int64") if has else pd.array([pd.NA] * len(rows), dtype="Int64")
        out[f"{side}_pct"] = (_pct_col(n, decimals).to_numpy() if has
                              else pd.array([pd.NA] * len(rows), dtype="Float64"))
    out["compare_pct"] = out["compare_pct"].astype("Float64")
    out["period_pct"] = out["period_pct"].astype("Float64")
    diff = out["period_pct"] - out["compare_pct"]
    out["change_pp"] = pd.array(numbers.round_half_up(diff.astype(float).to_numpy(), decimals), dtype="Float64")
    out.loc[diff.isna(), "change_pp"] = pd.NA
    total = {"answer": "Total"}
    for side in ("compare", "period"):
        n = out[f"{side}_n"]
        total[f"{side}_n"] = pd.NA if n.isna().all() else int(n.sum())
        total[f"{side}_pct"] = pd.NA if n.isna().all() else 100.0
    total["change_pp"] = pd.NA
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    for c in ("compare_n", "period_n"):
        out[c] = out[c].astype("Int64")
    for c in ("compare_pct", "period_pct", "change_pp"):
        out[c] = out[c].astype("Float64")
        if decimals == 0:
            out[c] = out[c].round(0).astype("Int64")
    return out[TABLE_COLUMNS]


def test_table(table: pd.DataFrame) -> np.ndarray:
    """The 2 x k count table (comparison period, period) of a question table, Total excluded."""
    body = table[table["answer"] != "Total"]
    return np.vstack([body["compare_n"].fillna(0).to_numpy(dtype="int64"),
                      body["period_n"].fillna(0).to_numpy(dtype="int64")])


def change_row(survey: str, question_id: str, table: pd.DataFrame, p: Params) -> dict:
    """One row of survey-changes: both bases, the test used, its p-value and the verdict."""
    t = test_table(table)
    n_before, n_now = int(t[0].sum()), int(t[1].sum())
    res = stats.compare_counts(t) if n_before and n_now else stats.TestResult("none", float("nan"))
    return {"survey": survey, "question_id": question_id,
            "compare_n": n_before if table["compare_n"].notna().any() else pd.NA,
            "period_n": n_now if table["period_n"].notna().any() else pd.NA,
            "test": res.test, "p_value": None if res.p_value != res.p_value else round(res.p_value, 4),
            "verdict": stats.verdict(res.p_value, n_before, n_now, alpha=p.alpha, min_n=p.min_n)}


# -- disclosure: every survey figure is protected against the others of the chapter -------------------------
_SIDES = ("compare_n", "period_n")
# the headline summary tables publish each question's base n and headline count k; n - k (those who gave
# another answer) is a count too, and the change, the test and its p-value are computed from all four
NET_SHAPE = TableShape(counts=("compare_n", "compare_k", "period_n", "period_k"), total_row=False,
                       derived={"compare_pct": ("compare_k", "compare_n"), "period_pct": ("period_k", "period_n"),
                                "change_pp": ("compare_k", "period_k", "compare_n", "period_n"),
                                "p_value": ("compare_k", "period_k", "compare_n", "period_n")},
                       complements={"compare_n": "compare_k", "period_n": "period_k"})
SHARES_SHAPE = TableShape(counts=("n", "k"), total_row=False,
                          derived={"pct": ("n", "k"), "ci_low": ("n", "k"), "ci_high": ("n", "k")},
                          complements={"n": "k"})


def headline_answers(questions: pd.DataFrame) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each question's headline answers, as labelled in its table."""
    a = answer_frame(questions)
    a = a[a["headline"]]
    return {k: tuple(g["answer"]) for k, g in a.groupby(["survey", "question_id"], sort=False)}


def question_shape(headline: tuple[str, ...] = (), published: dict | None = None) -> TableShape:
    """A question table's counts, protected also against the sums the summary tables show: its base
    (survey-changes, survey-net-positive, survey-headline-shares) and its headline count (the last two).
    `published` ({'compare_n'|'period_n': (base shown, headline shown)}, from `summary_shown`) says
    which of them those tables actually show; a sum they withhold is protected here too."""
    margins = ()
    for side in _SIDES:
        base, head = (published or {}).get(side, (True, True))
        margins += (Margin(side, shown=base),)
        if headline:
            margins += (Margin(side, rows=tuple(headline), shown=head),)
    return TableShape(counts=_SIDES, derived={"compare_pct": ("compare_n",), "period_pct": ("period_n",),
                                              "change_pp": ("compare_n", "period_n")}, margins=margins)


def _visible(v) -> bool:
    return v is not None and v == v and not (isinstance(v, str) and v == SUPPRESSED)


def summary_shown(survey: str, question_id: str, p: Params, *summaries: pd.DataFrame) -> dict:
    """Which of a question's base and headline count the published summary tables show, per side
    (survey-net-positive and survey-changes: compare_n/k, period_n/k; survey-headline-shares: n, k
    by period)."""
    out = {}
    for side, period in (("compare", p.compare_with), ("period", p.period)):
        base = head = False
        for t in summaries:
            if t is None or t.empty or "question_id" not in t:
                continue
            rows = t[(t["survey"] == survey) & (t["question_id"] == question_id)]
            if "period" in rows and f"{side}_n" not in rows:  # headline shares: one row per period
                rows = rows[rows["period"] == period].rename(columns={"n": f"{side}_n", "k": f"{side}_k"})
            for _, r in rows.iterrows():
                base |= _visible(r.get(f"{side}_n"))
                head |= _visible(r.get(f"{side}_k"))
        out[f"{side}_n"] = (base, head)
    return out


def withhold_tests(changes: pd.DataFrame, tables: dict, min_count: int) -> pd.DataFrame:
    """survey-changes as published: a question whose table withholds a count (it has one from 1 to
    min_count - 1) withholds its test's p-value too: computed from every count, it would let the
    hidden ones be worked out."""
    out = changes.copy().astype({"p_value": object})
    for i, r in out.iterrows():
        t = tables.get((r["survey"], r["question_id"]))
        if t is None or min_count <= 0:
            continue
        body = t[t["answer"] != "Total"][list(_SIDES)].apply(pd.to_numeric, errors="coerce").astype(float).fillna(0)
        if ((body > 0) & (body < min_count)).to_numpy().any():
            out.at[i, "p_value"] = SUPPRESSED
    return out


def _shown(v) -> str:
    return SUPPRESSED if isinstance(v, str) and v == SUPPRESSED else f"{v:g}"


def _pct(v) -> str:
    """A percentage for alt text: '12.5%', or 'c' when withheld."""
    return SUPPRESSED if isinstance(v, str) and v == SUPPRESSED else f"{v:g}%"


def headline_points(shares: pd.DataFrame, survey: str, periods=None) -> pd.DataFrame:
    """A survey's rows of the published headline-shares table (optionally only some periods): what a
    chart of them may draw and its 'Show as table' lists ('c' rows are listed, not drawn)."""
    d = shares[shares["survey"] == survey]
    if periods is not None:
        d = d[d["period"].isin(periods)]
    return d.assign(label=lambda x: x["question"])


def drawable(points: pd.DataFrame, columns=("pct", "ci_low", "ci_high")) -> pd.DataFrame:
    """The points a chart draws: those whose values are published (a withheld 'c' is not drawn)."""
    keep = ~points[list(columns)].isin([SUPPRESSED]).any(axis=1)
    out = points[keep].copy()
    for c in columns:
        out[c] = out[c].astype(float)
    return out


def describe_headline_points(points: pd.DataFrame, title: str) -> str:
    """Alt text of the headline-share dot plot, from the published values ('c' said as such)."""
    return (f"Dot plot of the headline share of {points['question_id'].nunique()} questions of the {title}, "
            + "; ".join(f"{r.question}: {r.period} {_pct(r.pct)}" +
                        ("" if r.pct == SUPPRESSED else f" (95% interval {_shown(r.ci_low)}-{_shown(r.ci_high)})")
                        for r in points.itertuples()) + ".")


def describe_trend_points(points: pd.DataFrame, title: str) -> str:
    """Alt text of the headline-share small multiples, from the published values."""
    return (f"Small multiples of the headline share of each question of the {title} in "
            f"{points['period'].nunique()} periods ({', '.join(sorted(points['period'].unique()))}); "
            + "; ".join(f"{q}: " + ", ".join(f"{r.period} {_pct(r.pct)}" for r in g.itertuples())
                        for q, g in points.groupby("question", sort=False)) + ".")


def small_cells(table: pd.DataFrame, threshold: int) -> list[tuple[str, str]]:
    """(answer, 'compare'|'period') of answers given by 1..threshold-1 respondents: read with care.
    Given the table as published, a withheld count ('c') is never named: a note saying it is small
    would tell it from a count withheld only to protect another, and narrow both."""
    body = table[table["answer"] != "Total"]
    out = []
    for side in ("compare", "period"):
        n = pd.to_numeric(body[f"{side}_n"], errors="coerce")
        hit = body.loc[n.notna() & (n > 0) & (n < threshold), "answer"]
        out += [(a, side) for a in hit]
    return out


def selected_surveys(questions: pd.DataFrame, p: Params) -> list[str]:
    """Surveys to report, in questionnaire-file order (filtered by params.surveys when set)."""
    order = list(dict.fromkeys(questions["survey"]))
    return [s for s in order if p.surveys is None or s in p.surveys]


def survey_titles(questions: pd.DataFrame) -> dict[str, str]:
    """Display name per survey: survey_title if given, else the id made readable."""
    titles = questions.groupby("survey", sort=False)["survey_title"].first() if "survey_title" in questions else {}
    return {s: (titles.get(s) if isinstance(titles.get(s), str) else s.replace("_", " ").capitalize())
            for s in dict.fromkeys(questions["survey"])}


def data_labels(questions: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The labels the survey files carry, for `ctx.table(labels=...)`: each survey id's title and each
    question id's wording (a question id two surveys word differently is shown as it comes)."""
    wording = questions.groupby("question_id", sort=False)["question"].agg(lambda q: set(q.astype(str)))
    return {"survey": survey_titles(questions),
            "question_id": {qid: next(iter(w)) for qid, w in wording.items() if len(w) == 1}}


def all_tables(clean: pd.DataFrame, questions: pd.DataFrame, p: Params) -> dict[tuple[str, str], pd.DataFrame]:
    """Every question table for the period, keyed (survey, question_id), questionnaire order."""
    answers = answer_frame(questions)
    counts = answer_counts(clean)
    dp = decimals_for(questions, p)
    periods = {p.period} | ({p.compare_with} if p.compare_with else set())
    counts = counts[counts["period"].isin(periods)]
    labels = answers.groupby(["survey", "question_id"], sort=False)["answer"].apply(list)
    out = {}
    for survey in selected_surveys(questions, p):
        if not (counts["survey"] == survey).any() or not ((counts["survey"] == survey) & (counts["period"] == p.period)).any():
            continue
        for qid in questions.loc[questions["survey"] == survey, "question_id"]:
            c = counts[(counts["survey"] == survey) & (counts["question_id"] == qid)]
            out[(survey, qid)] = question_table(c, labels[(survey, qid)], p.period, p.compare_with,
                                                int(dp[(survey, qid)]))
    return out


def changes(tables: dict[tuple[str, str], pd.DataFrame], p: Params) -> pd.DataFrame:
    """survey-changes: one row per question with the test and a plain-English verdict."""
    rows = [change_row(s, q, t, p) for (s, q), t in tables.items()]
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    for c in ("compare_n", "period_n"):
        out[c] = out[c].astype("Int64")
    out["p_value"] = out["p_value"].astype("Float64")
    return out


def headline_shares(clean: pd.DataFrame, questions: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Headline share of each question with a headline, in every period present, with Wilson 95% CIs.

    Columns: survey, question_id, question, period, n, k, pct, ci_low, ci_high (pct and CI in %, 1 dp).
    """
    answers = answer_frame(questions)
    counts = answer_counts(clean)
    counts = counts[counts["survey"].isin(selected_surveys(questions, p))]
    hl = answers.loc[answers["headline"], ["survey", "question_id", "answer"]].assign(is_hl=True)
    c = counts.merge(hl, on=["survey", "question_id", "answer"], how="left")
    c["k"] = c["n"].where(c["is_hl"].fillna(False).astype(bool), 0)
    with_hl = c.merge(hl[["survey", "question_id"]].drop_duplicates(), on=["survey", "question_id"])
    g = with_hl.groupby(["survey", "question_id", "period"], as_index=False)[["n", "k"]].sum()
    lo, hi = stats.wilson_ci(g["k"], g["n"])
    g["pct"] = numbers.pct_half_up(g["k"], g["n"], 1)
    g["ci_low"] = numbers.round_half_up(lo * 100, 1)
    g["ci_high"] = numbers.round_half_up(hi * 100, 1)
    g = g.merge(questions[["survey", "question_id", "question"]], on=["survey", "question_id"])
    order = {k: i for i, k in enumerate(zip(questions["survey"], questions["question_id"]))}
    g["_o"] = [order[k] for k in zip(g["survey"], g["question_id"])]
    g = g.sort_values(["_o", "period"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return g[["survey", "question_id", "question", "period", "n", "k", "pct", "ci_low", "ci_high"]]


NET_COLUMNS = ["question", "survey", "question_id", "compare_n", "compare_k", "compare_pct", "period_n",
               "period_k", "period_pct", "change_pp", "test", "p_value", "verdict"]


def net_positive(shares: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Headline shares of the two periods, their change, a 2x2 test and verdict; largest change first."""
    now = shares[shares["period"] == p.period].set_index(["survey", "question_id"])
    before = shares[shares["period"] == p.compare_with].set_index(["survey", "question_id"])
    if now.empty:
        return pd.DataFrame(columns=NET_COLUMNS)
    t = now[["question", "n", "k", "pct"]].rename(columns={"n": "period_n", "k": "period_k", "pct": "period_pct"})
    t = t.join(before[["n", "k", "pct"]].rename(columns={"n": "compare_n", "k": "compare_k", "pct": "compare_pct"}))
    t["change_pp"] = numbers.round_half_up(t["period_pct"] - t["compare_pct"], 1)
    results = [stats.compare_counts([[ck, cn - ck], [pk, pn - pk]]) if cn == cn else stats.TestResult("none", np.nan)
               for ck, cn, pk, pn in zip(t["compare_k"], t["compare_n"], t["period_k"], t["period_n"])]
    t["test"] = [r.test for r in results]
    t["p_value"] = [round(r.p_value, 4) if r.p_value == r.p_value else np.nan for r in results]
    t["verdict"] = [stats.verdict(r.p_value, 0 if cn != cn else int(cn), int(pn), alpha=p.alpha, min_n=p.min_n)
                    for r, cn, pn in zip(results, t["compare_n"], t["period_n"])]
    t = t.reset_index()
    t["_abs"] = t["change_pp"].abs()
    t = t.sort_values(["_abs", "survey", "question_id"], ascending=[False, True, True], na_position="last",
                      kind="stable")
    for c in ("compare_n", "compare_k", "period_n", "period_k"):
        t[c] = t[c].astype("Int64")
    for c in ("compare_pct", "period_pct", "change_pp", "p_value"):
        t[c] = t[c].astype("Float64")
    return t[NET_COLUMNS].reset_index(drop=True)


def real_movements(net: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The largest changes in headline share that the test says are real."""
    return net[net["verdict"] == stats.REAL].head(top)


def verdict_note(row) -> str:
    """'Verdict: ... (Fisher's exact test, p = 0.04).' under a question's table (p withheld when its counts are)."""
    test = labels.value("surveys", "test", row["test"])
    return f"Verdict: {row['verdict']}" + (f" ({test}, {_p(row['p_value'])})." if row["test"] != "none" else ".")


def _signed(v) -> str:
    return SUPPRESSED if isinstance(v, str) and v == SUPPRESSED else f"{v:+g}"


def _p(v) -> str:
    return "p withheld" if isinstance(v, str) and v == SUPPRESSED else p_text(v)


def describe_movements(net: pd.DataFrame, titles: dict[str, str], p: Params, top: int = 3) -> str:
    """A sentence naming the largest real movements (or saying there were none)."""
    real = real_movements(net, top)
    if net.empty or net["compare_n"].isna().all():
        return "There is no earlier period to compare with, so no movement can be judged."
    if real.empty:
        compared = net[net["compare_n"].notna()]
        biggest = compared.head(top)
        seen = "; ".join(f"{titles.get(r.survey, r.survey)}, “{r.question}”, {_signed(r.change_pp)} points ({r.verdict})"
                         for r in biggest.itertuples())
        return (f"None of the {len(compared)} headline shares moved by more than chance alone would explain "
                f"between {p.compare_with} and {p.period}. The largest apparent movements are not evidence of "
                f"change: {seen}.")
    bits = [f"{titles.get(r.survey, r.survey)}, “{r.question}”: {_pct(r.compare_pct)} to {_pct(r.period_pct)} "
            f"({_signed(r.change_pp)} points, {_p(r.p_value)})" for r in real.itertuples()]
    lead = "The largest real movement" if len(bits) == 1 else f"The {len(bits)} largest real movements"
    return f"{lead} between {p.compare_with} and {p.period}: " + "; ".join(bits) + "."


def likert_diverging(table: pd.DataFrame, labels: list[str], p: Params) -> pd.DataFrame:
    """Bar segments for a 1-5 question: 1, 2 and half of 3 left of zero; half of 3, 4, 5 right.

    Drawn from the published table: shares are of all responses (blanks included, not drawn), so bars
    show the printed percentages; an answer whose count is withheld ('c') is not drawn and the bars
    beyond it close up, so no bar's position gives it away (a withheld base: that period is not drawn)."""
    body = table[table["answer"].isin(labels[:5])].reset_index(drop=True)
    rows = []
    for side, per in (("compare", p.compare_with), ("period", p.period)):
        n = body[f"{side}_n"]
        if per is None or n.isna().all():
            continue
        base = table.loc[table["answer"] == "Total", f"{side}_n"].iloc[0]
        if base == SUPPRESSED:
            continue
        hidden = (n == SUPPRESSED).to_numpy()
        share = np.where(hidden, 0.0, pd.to_numeric(n, errors="coerce").fillna(0).to_numpy(dtype=float)) / float(base) * 100
        neg = [share[2] / 2, share[1], share[0]]  # outward from zero
        pos = [share[2] / 2, share[3], share[4]]
        ends_neg = -np.cumsum(neg)
        starts_neg = np.concatenate([[0], ends_neg[:-1]])
        ends_pos = np.cumsum(pos)
        starts_pos = np.concatenate([[0], ends_pos[:-1]])
        segs = [(2, starts_neg[0], ends_neg[0]), (1, starts_neg[1], ends_neg[1]), (0, starts_neg[2], ends_neg[2]),
                (2, starts_pos[0], ends_pos[0]), (3, starts_pos[1], ends_pos[1]), (4, starts_pos[2], ends_pos[2])]
        for i, a, b in segs:
            rows.append({"period": per, "answer": body["answer"].iloc[i], "order": i,
                         "start": round(float(a), 2), "end": round(float(b), 2),
                         "pct": SUPPRESSED if hidden[i] else round(float(share[i]), 1)})
    return pd.DataFrame(rows, columns=["period", "answer", "order", "start", "end", "pct"])


def likert_chart_data(segments: pd.DataFrame) -> pd.DataFrame:
    """The segments a diverging chart draws: the withheld ones left out."""
    out = segments[segments["pct"] != SUPPRESSED].copy()
    out["pct"] = out["pct"].astype(float)
    return out


def describe_likert(segments: pd.DataFrame, question: str) -> str:
    """Alt text of a diverging chart from the published shares ('c' said as such)."""
    pct = segments.drop_duplicates(["period", "answer"])
    return (f"Diverging bars of the answers to '{question}': "
            + "; ".join(f"{per}: " + ", ".join(f"{r.answer} {_pct(r.pct)}" for r in g.itertuples())
                        for per, g in pct.groupby("period", sort=False)) + ". Blanks are not drawn.")


def coverage(clean: pd.DataFrame, surveys: list[str], titles: dict[str, str], p: Params) -> str:
    """Who answered: questionnaires per survey in the two periods, as one sentence."""
    n = respondents(clean).set_index(["survey", "period"])["n"]
    bits = []
    for s in surveys:
        now = int(n.get((s, p.period), 0))
        before = int(n.get((s, p.compare_with), 0)) if p.compare_with else 0
        if not now:
            bits.append(f"{titles[s]}: no responses in {p.period}")
        elif p.compare_with and before:
            bits.append(f"{titles[s]}: {now} in {p.period} ({before} in {p.compare_with})")
        else:
            bits.append(f"{titles[s]}: {now} in {p.period} (none in {p.compare_with or 'an earlier period'})")
    return "; ".join(bits) + "." if bits else "No survey is selected."


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable columns as plain Python values with None for missing (what CSV, HTML and Excel writers expect)."""
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.api.extensions.ExtensionDtype) and out[c].dtype.kind in "iufb":
            py = int if out[c].dtype.kind in "iu" else (bool if out[c].dtype.kind == "b" else float)
            out[c] = pd.Series([None if pd.isna(v) else py(v) for v in out[c]], index=out.index, dtype=object)
    return out


def cross_file_problems(responses: pd.DataFrame, questions: pd.DataFrame) -> list:
    """Unknown questions, answers not on the questionnaire, and one answer given twice by a respondent.

    Worked on masks and key columns, never a copy of the whole file (it may have millions of rows)."""
    from ...errors import Problem

    problems = []
    scales = pd.Series(questions["scale"].to_numpy(), index=pd.MultiIndex.from_frame(questions[["survey", "question_id"]]))
    scale = pd.Series(scales.reindex(pd.MultiIndex.from_frame(responses[["survey", "question_id"]])).to_numpy(),
                      index=responses.index)  # survey/question_id are unique in the questions (checked)
    for row_no, row in responses[scale.isna()].head(50).iterrows():
        problems.append(Problem(RESPONSES.name, int(row_no), "question_id", f"{row['survey']}/{row['question_id']}",
                                f"question not in {QUESTIONS.name}", f"add the question to {QUESTIONS.name}"))
    known = scale.notna()
    answer = responses.loc[known, "answer"]
    blank = is_blank(answer)
    key = _key(answer.where(~blank, ""))
    listed = pd.MultiIndex.from_frame(answer_frame(questions)[["survey", "question_id", "key"]])
    ok = pd.MultiIndex.from_arrays([responses.loc[known, "survey"], responses.loc[known, "question_id"], key]).isin(listed)
    for row_no, value in answer[(~blank).to_numpy(dtype=bool) & ~ok].head(50).items():
        problems.append(Problem(RESPONSES.name, int(row_no), "answer", str(value),
                                "not one of the question's answers in survey_questions.csv",
                                "correct the answer or add it to the question's answers"))
    cols = ["survey", "period", "respondent_id", "question_id"]
    multi = scale[known] == "multi"
    single = responses.loc[known, cols][~multi]
    several = responses.loc[known, cols][multi].assign(key=key[multi])
    twice = [*single.index[single.duplicated(cols, keep="first")], *several.index[several.duplicated(keep="first")]]
    for row_no in twice[:50]:
        problems.append(Problem(RESPONSES.name, int(row_no), "respondent_id", None,
                                "the respondent answered this question twice in the period",
                                "keep one answer (only multi-select questions may have several, all different)"))
    return problems


def load(data_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and check both files; raise DataError with every problem found."""
    from ...io import read_checked

    frames = read_checked(data_dir, INPUTS, cross_file_problems)
    return frames[RESPONSES.name], frames[QUESTIONS.name]


# -- key messages ------------------------------------------------------------------------------------------
def key_messages(tables: dict[str, pd.DataFrame], p: Params, top: int = 4) -> list:
    """The chapter's headline measures, from its tables as published: the questions whose headline share
    changed for real, then the largest changes that could be judged (`top` in all; a question with
    too few responses only when nothing could be judged), each against the period compared with, with the
    test's verdict and the share in every period as its trend."""
    from ...messages import EARLIER, TOO_FEW, Cite, KeyMessage, verdict_of

    net, shares = tables.get("survey-net-positive"), tables.get("survey-headline-shares")
    if net is None or net.empty:
        return []
    judged = net.assign(v=net["verdict"].map(verdict_of))
    real = judged[judged["verdict"] == stats.REAL]
    rest = judged[(judged["verdict"] == stats.NO_CLEAR)]
    chosen = pd.concat([real, rest]).head(top)
    if chosen.empty:
        chosen = judged.head(1)
    out = []
    for row in chosen.itertuples():
        key = {"survey": row.survey, "question_id": row.question_id}
        mine = shares[(shares["survey"] == row.survey) & (shares["question_id"] == row.question_id)] if shares is not None else []
        trend = tuple(zip(mine["period"], mine["pct"])) if len(mine) > 1 else ()
        compared = bool(p.compare_with) and row.verdict != stats.NO_COMPARISON
        earlier = Cite("survey-net-positive", key, "compare_pct")
        out.append(KeyMessage(
            "surveys", f"{row.survey}.{row.question_id}", f"the headline share for “{row.question}”",
            Cite("survey-net-positive", key, "period_pct").read(tables), Cite("survey-net-positive", key, "period_pct"),
            unit="%", when=f"in {p.period}", comparison=f"in {p.compare_with}" if compared else "",
            comparison_value=earlier.read(tables) if compared else "", comparison_cite=earlier if compared else None,
            kind=EARLIER if compared else "", better="higher", verdict=row.v, small_base=row.v == TOO_FEW, trend=trend))
    return out


# -- its charts and their alt text (drawn from the tables as published) ----------------------------
# diverging (not categorical): the palette's dark pink for the less happy answers, its dark blue for the
# happier, grey between; no red, amber or green
LIKERT_COLOURS = ["#801650", "#C98BA8", "#BFBFBF", "#7FA1C2", "#12436D"]


def diverging_likert(data, title: str, labels: list[str]):
    """Diverging stacked bars of 1-5 answers (1-2 left, 3 split at zero, 4-5 right), one bar per period."""
    import altair as alt

    base = alt.Chart(data).encode(
        y=alt.Y("period:N", title=None, sort=None),
        x=alt.X("start:Q", title="% of responses (left: 1-2, right: 4-5; blanks not drawn)",
                scale=alt.Scale(domain=[-100, 100])),
        x2="end:Q",
    )
    bars = base.mark_bar(stroke="#fff", strokeWidth=0.5).encode(
        color=alt.Color("answer:N", title="Answer", sort=list(labels),
                        scale=alt.Scale(domain=list(labels), range=LIKERT_COLOURS)),
        tooltip=["period:N", "answer:N", alt.Tooltip("pct:Q", title="% of responses")],
    )
    zero = alt.Chart(data).mark_rule(color="#222", aria=False).encode(x=alt.datum(0))  # decorative
    return (bars + zero).properties(title=title, width=420, height=alt.Step(28))


def shares_with_ci(data, title: str, periods: list[str]):
    """Headline share per question, both periods side by side, with Wilson 95% error bars."""
    import altair as alt

    shapes = ["circle", "diamond"][: len(periods)]
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("period:N", sort=list(periods)),
        color=alt.Color("period:N", title="Period", sort=list(periods),
                        scale=alt.Scale(domain=list(periods), range=PALETTE[: len(periods)])),
    )
    bars = base.mark_errorbar(ticks=True).encode(
        x=alt.X("ci_low:Q", title="% giving the headline answer (95% interval)", scale=alt.Scale(domain=[0, 100])),
        x2="ci_high:Q")
    points = base.mark_point(filled=True, size=60).encode(
        x="pct:Q", shape=alt.Shape("period:N", sort=list(periods), scale=alt.Scale(domain=list(periods), range=shapes)),
        tooltip=["label:N", "period:N", alt.Tooltip("pct:Q", title="%"), "n:Q",
                 alt.Tooltip("ci_low:Q", title="95% low"), alt.Tooltip("ci_high:Q", title="95% high")])
    return (bars + points).properties(title=title, width=360, height=alt.Step(34))


def trend_with_ci(data, title: str, columns: int = 3):
    """Headline share across every period present, one small panel per question, Wilson error bars."""
    import altair as alt

    base = alt.Chart().encode(x=alt.X("period:O", title=None, sort=None))
    line = base.mark_line(color=PALETTE[0]).encode(
        y=alt.Y("pct:Q", title="% giving the headline answer", scale=alt.Scale(domain=[0, 100])))
    points = base.mark_point(filled=True, color=PALETTE[0]).encode(
        y="pct:Q", tooltip=["period:N", alt.Tooltip("pct:Q", title="%"), "n:Q",
                            alt.Tooltip("ci_low:Q", title="95% low"), alt.Tooltip("ci_high:Q", title="95% high")])
    bars = base.mark_errorbar(ticks=True, color=PALETTE[0]).encode(
        y=alt.Y("ci_low:Q", title="% giving the headline answer"), y2="ci_high:Q")
    return alt.layer(bars, line, points, data=data).properties(width=170, height=120).facet(
        facet=alt.Facet("label:N", title=None, sort=None, header=alt.Header(labelLimit=200, labelFontSize=10)),
        columns=columns).properties(title=title)
