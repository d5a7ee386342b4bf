"""Sample survey_questions.csv and survey_responses.csv reproducing the April 2014 survey appendix.

Constraints in, records out (synthetic respondents only):
1. the questionnaires (wording and answer order) are the appendix's; blank answers are written
   as empty cells, as a data entry clerk would leave them;
2. Q2 and Q3 2013-14 counts of every answer of the consultation booklets (n=130, 96), the leaving
   care survey (n=12, 8) and the chairing-own-review counts by area (48, 72) are the printed ones;
   the leaving-care "Don't know" counts the paper left out are the implied 3 and 0;
3. each answer list is shuffled across the period's respondents (seeded), so every respondent has
   one answer per question; the multi-select "role" answers go to the respondents who said some
   individual was helpful, no respondent ticking one role twice; chairing answers go to a subset
   of the booklet respondents (the IRO's record of who chaired);
4. the Catch22 survey (Nov 2013 - Jan 2014, percentages only) becomes 26 respondents in period
   2013-14 Q3 with the counts implied by n=26 (each reproduces its printed 1 dp percentage);
5. Q1 and Q4 2013-14 are plausible extra quarters (not published: answers drawn from the Q2 and Q3
   shares; the chairing Q1 total is the action plan's 9) so every quarter of 2013-14 has data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...sample.common import edition_words, rng

LIKERT = "likert5"
B, LC, C22 = "consultation_booklet", "leaving_care", "catch22_16plus"
TITLES = {B: "IRO consultation booklets", LC: "IRO leaving care survey", C22: "Catch22 16plus care-leaver survey"}
AREAS = ["North", "West", "South", "East", "16+", "DCS", "UASC"]

# survey, question_id, question, scale, headline, decimals, {answer: (Q2 count, Q3 count)}
BOOKLET = [
    ("where_i_live", "How I feel about where I live", LIKERT, None, None,
     {"1: the worst it can be": (0, 1), "2": (0, 2), "3": (8, 8), "4": (17, 9), "5: the best it can be": (99, 74),
      "Left blank": (6, 2)}),
    ("my_school", "How I feel about my school", LIKERT, None, None,
     {"1: the worst it can be": (3, 9), "2": (8, 2), "3": (35, 23), "4": (19, 16), "5: the best it can be": (53, 42),
      "Left blank": (12, 4)}),
    ("my_health", "How I feel about my health", LIKERT, None, None,
     {"1: not well": (0, 2), "2": (1, 3), "3": (8, 4), "4": (17, 10), "5: very well": (97, 70), "Left blank": (7, 7)}),
    ("safe_where_i_live", "How safe I feel where I live", LIKERT, None, None,
     {"1: not safe": (0, 0), "2": (1, 1), "3": (0, 4), "4": (6, 7), "5: very safe": (112, 74), "Left blank": (11, 10)}),
    ("safe_at_school", "How safe I feel at school", LIKERT, None, None,
     {"1: not safe": (1, 5), "2": (5, 2), "3": (11, 12), "4": (22, 11), "5: very safe": (75, 55),
      "Left blank": (16, 11)}),
    ("plans_for_future", "I understand plans for my future", LIKERT, None, None,
     {"1: not really": (11, 14), "2": (4, 2), "3": (14, 13), "4": (25, 13), "5: definitely": (62, 39),
      "Left blank": (14, 15)}),
    ("see_social_worker", "I see my Social Worker:", "choice", "the right amount", 1,
     {"not enough": (18, 16), "the right amount": (93, 66), "too much": (1, 3), "not sure": (4, 1),
      "Left blank": (14, 10)}),
    ("know_complaint", "I know about: how to make a complaint", "yes_no", "Yes", None,
     {"Yes": (91, 61), "No": (16, 13), "Left blank": (23, 22)}),
    ("know_ocypc", "I know about: Our Children and Young People’s Council", "yes_no", "Yes", None,
     {"Yes": (47, 25), "No": (47, 42), "Left blank": (36, 29)}),
    ("know_pledge", edition_words("surveys")["pledge_question"], "yes_no", "Yes", None,
     {"Yes": (22, 11), "No": (29, 22), "Left blank": (13, 15), "N/A in this form": (66, 48)}),
    ("chair_next_review", "I would like to chair all or part of my next Child in Care Review", "yes_no", "Yes", None,
     {"Yes": (10, 7), "No": (25, 19), "Left blank": (25, 22), "N/A in this form": (70, 48)}),
]
# chairing own review by area: its base is the children who chaired, not the booklets returned
CHAIRED = ("chaired_review_area", "Children and young people chairing their own review, by service area",
           "choice", None, 1,
           {"North": (4, 2), "West": (0, 5), "South": (10, 21), "East": (11, 21), "16+": (21, 20), "DCS": (1, 2),
            "UASC": (1, 1)})
CHAIRED_Q1_TOTAL, CHAIRED_Q4_TOTAL = 9, 80

LEAVING = [
    ("times_in_care", "How many times have you been in care?", "choice", None, None, {"Once": (8, 7), "Twice": (4, 1)}),
    ("rate_time_in_care", "How would you rate your time in care?", "choice", "Very good|Good", None,
     {"Very good": (4, 3), "Good": (7, 2), "Neither good nor poor": (1, 3)}),
    ("understood_plan", "Thinking about your Care plan/Pathway plan, did you understand your plan?", "yes_no", "Yes",
     None, {"Yes": (12, 8), "No": (0, 0)}),
    ("gave_views", "Thinking about your Care plan/Pathway plan, were you able to give your views?", "yes_no", "Yes",
     None, {"Yes": (12, 8), "No": (0, 0)}),
    ("views_considered", "Thinking about your Care plan/Pathway plan, did you think your views were considered?",
     "yes_no", "Yes", None, {"Yes": (11, 8), "No": (0, 0), "Partly": (1, 0)}),
    ("iro_kept_eye", "Did you think your IRO kept an eye on your case, including the time between reviews?",
     "yes_no", "Yes", None, {"Yes": (9, 8), "No": (0, 0), "Don’t know": (3, 0)}),
    ("helpful_individuals", "Were there any individuals who were particularly helpful while you were in care?",
     "yes_no", "Yes", None, {"Yes": (11, 8), "No": (1, 0)}),
]
ROLES = ("helpful_roles", "If Yes, what was their role? (Some respondents selected more than one option)", "multi",
         None, None, {"Social/case workers": (6, 7), "Carers": (9, 7), "Teachers": (5, 1), "IROs": (5, 1),
                      "Youth workers": (1, 1), "Others": (1, 4)})
SUPPORT = ("support_since_leaving",
           "Since leaving care, how easy or difficult has it been to get the support from us that you have needed?",
           "choice", "Very easy|Easy", None,
           {"Very easy": (1, 1), "Easy": (3, 2), "Neither easy nor difficult": (0, 0), "Difficult": (1, 0),
            "Very difficult": (0, 0), "N/A, Left blank": (7, 5)})

YN = "yes_no"
CATCH22 = [  # counts implied by n=26 from the printed 1 dp percentages
    ("happy_with_services", "Are you happy with the services 16plus provide?", YN, {"Yes": 19, "No": 6, "Other": 1}),
    ("relationship_worker", "Do you have a positive relationship with your Social/Case worker?", YN,
     {"Yes": 18, "No": 6, "Other": 2}),
    ("happy_with_placement", "Are you happy with your placement?", YN, {"Yes": 22, "No": 3, "Other": 1}),
    ("placement_type", "What type of placement are you in?", "choice",
     {"Foster care": 5, "Supported lodgings": 11, "Living Independent": 4, "Rented Accomm": 2, "B&B": 0, "Other": 4}),
    ("relationship_household", "Do you have a positive relationship with the people you live with?", YN,
     {"Yes": 21, "No": 2, "Other - live alone": 3}),
    ("currently_doing", "What are you currently doing?", "choice",
     {"Working": 1, "Training": 0, "School/College": 16, "Apprenticeship": 0, "NEET": 9}),
    ("help_with_ete", "Do 16plus help with Education, Training and Employment?", YN, {"Yes": 14, "No": 9, "Other": 3}),
    ("views_listened_to", "Do you feel that your views are listened to by 16plus?", YN,
     {"Yes": 15, "No": 6, "Other": 5}),
    ("worker_contact", "Does your Social/Case worker visit/contact you as much as you would like?", YN,
     {"Yes": 18, "No": 7, "Other": 1}),
    ("health_support", "Do you get enough support with your health from your Social/Case worker?", YN,
     {"Yes": 16, "No": 7, "Other": 3}),
    ("pathway_reviews_useful", "Do you find Pathway Plan reviews useful?", YN, {"Yes": 14, "No": 10, "Other": 2}),
    ("chair_pathway_review", "Would you like to chair your own Pathway Plan review?", YN,
     {"Yes": 6, "No": 17, "Other": 3}),
    ("know_complaints", "Do you know how to make an official compliment or complaint?", YN, {"Yes": 18, "No": 8}),
    ("know_charter", "Do you know what the Care Leaver’s Charter is?", YN, {"Yes": 7, "No": 19}),
]
CATCH22_PERIOD = "2013-14 Q3"  # fieldwork Nov 2013 - Jan 2014: mostly in Q3, so the Q3 edition shows it

PERIODS = ("2013-14 Q1", "2013-14 Q2", "2013-14 Q3", "2013-14 Q4")
EXTRA_N = {B: (118, 104), LC: (10, 9)}  # invented Q1 and Q4 sizes


def questions() -> pd.DataFrame:
    rows = []
    for survey, items in ((B, BOOKLET + [CHAIRED]), (LC, LEAVING + [ROLES, SUPPORT])):
        for qid, text, scale, headline, dp, answers in items:
            rows.append((survey, qid, text, "|".join(answers), scale, headline, dp))
    for qid, text, scale, answers in CATCH22:
        rows.append((C22, qid, text, "|".join(answers), scale, "Yes" if "Yes" in answers else None, None))
    q = pd.DataFrame(rows, columns=["survey", "question_id", "question", "answers", "scale", "headline", "decimals"])
    q["decimals"] = q["decimals"].astype("Int64")
    q["survey_title"] = q["survey"].map(TITLES)
    return q


def _draw(r: np.random.Generator, counts: dict, n: int, which: int) -> dict:
    """Invented quarter: n answers drawn from the shares of a published quarter."""
    labels = list(counts)
    base = np.array([counts[a][which] for a in labels], dtype=float)
    return dict(zip(labels, r.multinomial(n, base / base.sum()).tolist()))


def _assign(r: np.random.Generator, ids: list[str], counts: dict) -> list[tuple[str, str]]:
    """Give each respondent one answer, the answer list shuffled (blank label -> empty cell)."""
    pool = [a for a, k in counts.items() for _ in range(k)]
    assert len(pool) == len(ids), (len(pool), len(ids))
    pool = [pool[i] for i in r.permutation(len(pool))]
    return [(rid, "" if "blank" in a.lower() else a) for rid, a in zip(ids, pool)]


def _booklet(r: np.random.Generator) -> list[dict]:
    rows = []
    for period in PERIODS:
        if period in ("2013-14 Q1", "2013-14 Q4"):
            n = EXTRA_N[B][0 if period.endswith("Q1") else 1]
            which = 0 if period.endswith("Q1") else 1
            per_q = [(qid, _draw(r, ans, n, which)) for qid, *_x, ans in BOOKLET]
            chair_total = CHAIRED_Q1_TOTAL if period.endswith("Q1") else CHAIRED_Q4_TOTAL
            chaired = _draw(r, CHAIRED[5], chair_total, which)
        else:
            which = 0 if period.endswith("Q2") else 1
            per_q = [(qid, {a: v[which] for a, v in ans.items()}) for qid, *_x, ans in BOOKLET]
            chaired = {a: v[which] for a, v in CHAIRED[5].items()}
        n = sum(per_q[0][1].values())
        code = period.replace("-", "").replace(" ", "")
        ids = [f"CB{code}-{i:03d}" for i in range(1, n + 1)]
        chairs = [ids[i] for i in sorted(r.choice(n, size=sum(chaired.values()), replace=False))]
        chair_answers = dict(_assign(r, chairs, chaired))
        area = {rid: chair_answers.get(rid) or AREAS[int(r.integers(0, len(AREAS)))] for rid in ids}
        for qid, counts in per_q:
            for rid, a in _assign(r, ids, counts):
                rows.append({"survey": B, "period": period, "respondent_id": rid, "area": area[rid],
                             "question_id": qid, "answer": a})
        for rid in chairs:
            rows.append({"survey": B, "period": period, "respondent_id": rid, "area": area[rid],
                         "question_id": CHAIRED[0], "answer": chair_answers[rid]})
    return rows


def _leaving(r: np.random.Generator) -> list[dict]:
    rows = []
    for period in PERIODS:
        extra = period in ("2013-14 Q1", "2013-14 Q4")
        which = 0 if period.endswith(("Q1", "Q2")) else 1
        if extra:
            n = EXTRA_N[LC][0 if period.endswith("Q1") else 1]
            per_q = [(qid, _draw(r, ans, n, which)) for qid, *_x, ans in LEAVING + [SUPPORT]]
        else:
            per_q = [(qid, {a: v[which] for a, v in ans.items()}) for qid, *_x, ans in LEAVING + [SUPPORT]]
        n = sum(per_q[0][1].values())
        code = period.replace("-", "").replace(" ", "")
        ids = [f"LC{code}-{i:02d}" for i in range(1, n + 1)]
        given = {}
        for qid, counts in per_q:
            for rid, a in _assign(r, ids, counts):
                given[(qid, rid)] = a
                rows.append({"survey": LC, "period": period, "respondent_id": rid, "area": "16+",
                             "question_id": qid, "answer": a})
        helped = [rid for rid in ids if given[("helpful_individuals", rid)] == "Yes"]
        for role, v in ROLES[5].items():
            k = v[which] if not extra else int(r.binomial(len(helped), v[which] / (11 if which == 0 else 8)))
            assert k <= len(helped), (period, role)
            for rid in sorted(r.choice(helped, size=k, replace=False)):
                rows.append({"survey": LC, "period": period, "respondent_id": str(rid), "area": "16+",
                             "question_id": ROLES[0], "answer": role})
    return rows


def _catch22(r: np.random.Generator) -> list[dict]:
    ids = [f"C22-{i:02d}" for i in range(1, 27)]
    rows = []
    for qid, _text, _scale, counts in CATCH22:
        assert sum(counts.values()) == 26, qid
        for rid, a in _assign(r, ids, counts):
            rows.append({"survey": C22, "period": CATCH22_PERIOD, "respondent_id": rid, "area": "16+",
                         "question_id": qid, "answer": a})
    return rows


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    """{file name: frame}: the questionnaires and one row per answer given."""
    r = rng(seed)
    resp = pd.DataFrame(_booklet(r) + _leaving(r) + _catch22(r),
                        columns=["survey", "period", "respondent_id", "area", "question_id", "answer"])
    order = {k: i for i, k in enumerate(PERIODS)}
    resp = resp.sort_values(["survey", "period", "respondent_id"], key=lambda s: s.map(order) if s.name == "period"
                            else s, kind="stable").reset_index(drop=True)
    return {"survey_questions.csv": questions(), "survey_responses.csv": resp}
