"""A hostile edition: the sample edition with an injection payload in every free-text field that
reaches the book (data and params), built once per test session (conftest `hostile_build`).

Every payload tries to run script (its success would change document.title to 'pwned-<field>' or
open a dialog), to be parsed as MyST (a directive or role that publishes a file the builder can
read: SECRET's contents), or to run as a formula in Excel. The bad-input catalogue
(`tests/bad_inputs/_make_cases.py`) holds the same payloads per file for `validate`.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SAMPLE_PARAMS = ROOT / "params" / "2014-04-panel.yaml"
SECRET_TOKEN = "SECRET-d41d8cd98f00b204"  # the contents of the file the payloads try to publish

# name -> payload template ({tag}: the field it is in, {secret}: the file it tries to publish)
PAYLOADS = {
    "myst-directive": "\n\n```{{literalinclude}} {secret}\n```\n\n```{{raw}} html\n<img src=x onerror=\"document.title='pwned-{tag}'\">\n```\n",
    "myst-role": " {{download}}`{secret}` {{doc}}`intro` {{{{ title }}}} $x^2$",
    "script-close": "</script><script>document.title='pwned-{tag}'</script>",
    "html-img": "<img src=x onerror=\"document.title='pwned-{tag}'\">",
    "attribute-break-out": "\" onmouseover=\"document.title='pwned-{tag}'\" data-x=\"' autofocus onfocus='alert(1)' '",
    "markdown-html": " **bold-{tag}** [link](javascript:alert(1)) <b onclick=alert(1)>b</b> &amp; &#60;",
    "js-line-break": "\u2028\u2029'-alert(1)-'",
}
FORMULAS = ('=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(1)")


def payload(tag: str, secret: Path, multiline: bool = True) -> str:
    """Every payload at once, labelled with the field (`tag`) it is written into."""
    parts = [p.format(tag=tag, secret=secret) for name, p in PAYLOADS.items() if multiline or name != "myst-directive"]
    return f"{tag} " + "".join(parts)


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _rename(path: Path, column: str, old: str | None, new: str) -> None:
    """Every cell of `column` equal to `old` (None: the first row's value) becomes `new` (a label
    renamed consistently)."""
    rows = _rows(path)
    j = rows[0].index(column)
    old = rows[1][j] if old is None else old
    for r in rows[1:]:
        if r[j] == old:
            r[j] = new
    _write(path, rows)


def _set(path: Path, column: str, row: int, value: str) -> None:
    rows = _rows(path)
    rows[row][rows[0].index(column)] = value
    _write(path, rows)


# the free-text fields that reach the book: (file, column, a value to rename everywhere; None: row 2's)
RENAMED = [
    ("children.csv", "nationality", None),
    ("complaints.csv", "service", "UASC"),
    ("complaints.csv", "subject", "disputing a decision"),
    ("complaints.csv", "decision_disputed", "placement move"),
    ("advocacy_cases.csv", "top_issue", "Request to stay in placement"),
    ("foster_applications.csv", "area", "North Kent"),
    ("workforce.csv", "team", "Ashford & Shepway"),
    ("qa_audits.csv", "team", "Team F"),
    ("actions.csv", "theme", "Theme 1: Quality and consistency of practice"),
]
ROW_ONE = [("actions.csv", c) for c in ("action", "owner", "due_text", "progress", "measure", "ref")]  # one red/amber row
SURVEY_ID = ("catch22_16plus", "catch22/16+\"><svg onload=alert(1)>")


def poison(data: Path, secret: Path) -> None:
    """A payload in every free-text field of the data files present in `data` (edited in place)."""
    for name, column, old in RENAMED:
        if not (data / name).exists():
            continue
        _rename(data / name, column, old, payload(f"{name}:{column}", secret, multiline=column != "team"))
    if (data / "actions.csv").exists():
        actions = _rows(data / "actions.csv")
        amber = next(i for i, r in enumerate(actions) if r[actions[0].index("status")] in ("R", "A"))  # in a table
        for (name, column), formula in zip(ROW_ONE, FORMULAS * 2):
            _set(data / name, column, amber, formula + " " + payload(f"{name}:{column}", secret, multiline=False))
    if not (data / "survey_questions.csv").exists():
        return
    _set(data / "survey_responses.csv", "area", 1, payload("survey_responses.csv:area", secret, multiline=False))
    questions = _rows(data / "survey_questions.csv")
    head = questions[0]
    for r in questions[1:]:
        if r[0] == "leaving_care":
            r[head.index("survey_title")] = payload("survey_questions.csv:survey_title", secret)
        if r[1] == "where_i_live":
            r[head.index("question")] = "How I feel about where I live" + payload("survey_questions.csv:question", secret)
    _write(data / "survey_questions.csv", questions)
    for name in ("survey_questions.csv", "survey_responses.csv"):
        _rename(data / name, "survey", *SURVEY_ID)


def poison_published(folder: Path, secret: Path) -> Path:
    """The sample edition's earlier papers (params/published/2014-04) with a payload in every paper
    title and every chapter's intro and remarks (markdown, shown in the chapters)."""
    shutil.copytree(SAMPLE_PARAMS.parent / "published" / "2014-04", folder)
    papers = yaml.safe_load((folder / "papers.yaml").read_text())
    for paper in papers["papers"]:
        paper["title"] = payload(f"papers.yaml:{paper['id']}.title", secret, multiline=False)
    for slug, words in papers["chapters"].items():
        for key in ("intro", "remarks"):
            words[key] = payload(f"papers.yaml:{slug}.{key}", secret)
    (folder / "papers.yaml").write_text(yaml.safe_dump(papers, sort_keys=False, allow_unicode=True))
    return folder


def make_hostile_edition(ws: Path) -> Path:
    """Write ws/data, ws/secret.txt and ws/edition.yaml; returns the params file."""
    data = ws / "data"
    shutil.copytree(SAMPLE, data)
    secret = ws / "secret.txt"
    secret.write_text(SECRET_TOKEN + "\n")
    poison(data, secret)
    params = yaml.safe_load(SAMPLE_PARAMS.read_text())
    params["published"] = [str(poison_published(ws / "published", secret).relative_to(ws))]
    params["data_dir"] = "data"
    params["title"] = "Hostile edition" + payload("params:title", secret, multiline=False)
    params["local_authority"] = FORMULAS[0] + payload("params:local_authority", secret, multiline=False)
    params["publisher"] = payload("params:publisher", secret, multiline=False)
    params["edition_name"] = payload("params:edition_name", secret, multiline=False)
    params["actions"]["previous"] = str(SAMPLE / "actions_previous.csv")
    params["actions"]["rag_key"] = {k: payload(f"params:rag_key.{k}", secret) for k in params["actions"]["rag_key"]}
    params["complaints"]["age_bands"] = [[a, b, payload(f"params:age_band {a}", secret, multiline=False)[:200]]
                                         for a, b, _ in params["complaints"]["age_bands"]]
    # edition words written as markdown (papers.yaml above, audits.how_chosen, the footer) and the book's names
    params["audits"]["how_chosen"] = payload("params:audits.how_chosen", secret)
    params["footer"] = payload("params:footer", secret, multiline=False)
    params["panel"] = payload("params:panel", secret, multiline=False)
    params["book_title"] = payload("params:book_title", secret, multiline=False)
    surveys = params["surveys"]
    surveys["surveys"] = [SURVEY_ID[1] if s == SURVEY_ID[0] else s for s in surveys["surveys"]]
    surveys["decimals"] = {SURVEY_ID[1] if k == SURVEY_ID[0] else k: v for k, v in surveys["decimals"].items()}
    path = ws / "edition.yaml"
    path.write_text(yaml.safe_dump(params, sort_keys=False, allow_unicode=True))
    return path
