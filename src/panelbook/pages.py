"""Pages generated for each edition from its register: figures and tables, reconciliation, provenance,
and what changed since the last edition."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .escape import Markup, html_attr, html_text, myst_cell, myst_code, myst_fence, myst_text
from .labels import label_figures
from .numbers import date_text


def _md_table(df: pd.DataFrame) -> str:
    """A MyST pipe table; every cell escaped as text unless the code wrote it as Markup."""
    if df.empty:
        return "_None._\n"
    head = "| " + " | ".join(myst_cell(c) for c in df.columns) + " |\n|" + "---|" * len(df.columns) + "\n"
    body = "".join("| " + " | ".join(myst_cell(v) for v in row) + " |\n" for row in df.itertuples(index=False))
    return head + body


def _html_table(df: pd.DataFrame, strong: dict[str, str] | None = None) -> str:
    """A raw HTML table: one node for Sphinx, not several per cell (a thousand-row MyST table costs the
    book build seconds). Every cell escaped as text; `strong` {column: value}: those cells in bold."""
    if df.empty:
        return "_None._\n"
    strong = strong or {}
    head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in df.columns)
    rows = []
    for row in df.itertuples(index=False):
        cells = [f"<td><strong>{html_text(v)}</strong></td>" if strong.get(c) == v else f"<td>{html_text(v)}</td>"
                 for c, v in zip(df.columns, row)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="pb-table-scroll" tabindex="0" role="region" aria-label="Table">'
            f'<table class="pb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>\n')


def _a(href: str, text: str) -> str:
    return f'<a href="{html_attr(href)}">{html_text(text)}</a>'


def figures_page(register: dict) -> str:
    """Raw HTML links: MyST would read relative links to downloads as cross-references."""
    rows = []
    for f in register["figures"]:
        links = " · ".join(_a(f"figures/{name}", name.split(".", 1)[1].upper()) for name in f["files"])
        if f["kind"] == "table":
            links += " · " + _a(f"figures/tidy/{f['id']}.csv", "tidy CSV")
        rows.append(f"<tr><td>{html_text(f.get('number', ''))}</td><td>{_a(f['page'], f['title'])}</td>"
                    f"<td><code class=\"pb-id\">{html_text(f['id'])}</code></td><td>{links}</td>"
                    f"<td>{html_text(f.get('cite', ''))}</td></tr>")
    table = ('<div class="pb-table-scroll" tabindex="0" role="region" aria-label="Every figure and table">'
             '<table class="pb-table pb-register"><thead><tr><th scope="col">Number</th><th scope="col">Title</th>'
             '<th scope="col">Id</th><th scope="col">Downloads</th><th scope="col">How to cite</th></tr></thead>'
             f"<tbody>{''.join(rows)}</tbody></table></div>")
    return ("# Figures and tables\n\nEvery table and chart of this edition, with its stable id (the same in "
            "every edition), its downloads and how to cite it.\n\n"
            f"<p>All tables in one workbook: {_a('figures/all-tables.xlsx', 'all-tables.xlsx')}. "
            f"The register of every figure, with its inputs' SHA-256: {_a('figures/register.json', 'register.json')}. "
            "Tidy CSVs in the layout of DfE's Explore Education Statistics open data are under "
            "<code>figures/tidy/</code>.</p>\n\n" + table + "\n")


def about_page(edition, register: dict, log: dict | None = None) -> str:
    import yaml

    from .disclosure import privacy_statement

    params = yaml.safe_dump(register["parameters"], sort_keys=False, allow_unicode=True)
    inputs = pd.DataFrame([{"file": Markup(myst_code(i["file"]) + (f" as {myst_code(i['contract'])}" if i.get("contract") else "")),
                            "rows": i["rows"], "SHA-256": Markup(myst_code(i["sha256"])),
                            "chapters": ", ".join(i["chapters"])} for i in register["inputs"]])
    chapters = pd.DataFrame([{"chapter": c["title"],
                              "execution": (f"{c['seconds']} s" if c["seconds"] is not None else "reused"),
                              "how": c["how"]} for c in (log or {}).get("chapters", [])])
    packages = pd.DataFrame([{"package": k, "version": v} for k, v in register["packages"].items()])
    now = dt.datetime.now().astimezone()
    built = f"{date_text(now.date())}, {now:%H:%M %Z}"  # the book's one date style
    return (f"# About this edition\n\nEverything needed to rebuild this book exactly: the parameters, the input "
            f"files (with their SHA-256), the code commit and the package versions.\n\n"
            f"- **Edition:** {myst_text(register['title'])} ({myst_code(register['edition'])})\n- **Built:** {built}\n"
            f"- **Code commit:** {myst_code(register['code_commit'])}\n"
            f"- **Small numbers:** {myst_text(privacy_statement(edition.min_count))}\n\n## Parameters\n\n{myst_fence(params, 'yaml')}\n"
            f"## Input files\n\n{_md_table(inputs)}\n## Chapters\n\n{_md_table(chapters)}\n"
            f"## Packages\n\n{_md_table(packages)}\n"
            f"To rebuild: check out the commit above, put the same input files in `data_dir`, and run "
            f"`panelbook build` with these parameters.\n")


def reconciliation_summary(chapters, edition, published: pd.DataFrame, identities: pd.DataFrame) -> pd.DataFrame:
    """Per chapter: identities checked, and the earlier papers' figures compared (agree, differ) or noted
    without a figure; the counts each chapter's own note gives. A last row for figures whose table no
    chapter of this edition publishes, when there are any."""
    rows = []
    groups = [(c.slug, c.title_in(edition)) for c in chapters]
    if (published["chapter"] == "").any():
        groups.append(("", "Tables this edition does not publish"))
    for slug, title in groups:
        mine, checks = published[published["chapter"] == slug], identities[identities["chapter"] == slug]
        printed = mine[mine["result"] != "not printed"]
        rows.append({"Chapter": title, "Identities checked": len(checks),
                     "Published figures compared": len(printed), "Agree": int((printed["result"] == "agrees").sum()),
                     "Differ": int((printed["result"] != "agrees").sum()),
                     "Answers printed without a figure": len(mine) - len(printed)})
    table = pd.DataFrame(rows)
    total = {"Chapter": "Total", **{c: int(table[c].sum()) for c in table.columns[1:]}}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def reconciliation_page(edition, chapters, figures: Path, reconciliation) -> str:
    """Exceptions first: a count per chapter, then each published figure that differs; every identity and
    every figure compared are in the CSV downloads (reconcile.write_logs). `reconciliation`: the build's
    checks (reconcile.reconcile)."""
    from .reconcile import LOG_FOLDER, _load_tables

    identities, published = reconciliation.identities_table(), reconciliation.published
    failing = identities[~identities["holds"].astype(bool)]
    log = f"figures/{LOG_FOLDER}"
    text = ["# Reconciliation", "",
            "Each build checks that every table's rows add up to its totals and that the tables of a chapter agree "
            "with each other (one cohort, one total); a failed identity stops the build. Where this edition lists "
            "figures printed in earlier papers, each is set beside the same cell of this edition's tables.", "",
            "## Summary by chapter", "",
            f"{len(identities)} identities checked, {len(identities) - len(failing)} hold. "
            + (f"{len(published[published['result'] != 'not printed'])} published figures compared."
               if edition.model.published else "This edition lists no previously published figures."), "",
            _html_table(reconciliation_summary(chapters, edition, published, identities)),
            "## Published figures that differ", ""]
    differ = published[~published["result"].isin(["agrees", "not printed"])]
    if not edition.model.published:
        text.append("This edition lists no previously published figures.\n")
    elif differ.empty:
        text.append("None: every published figure agrees with this edition's tables.\n")
    else:
        titles = {c.slug: c.title_in(edition) for c in chapters}
        metas = _load_tables(figures)[1]  # the caption, row label and column header as the chapter shows them
        shown = label_figures(differ, metas).assign(
            chapter=differ["chapter"].map(titles).fillna(""),
            table_id=[metas.get(t, {}).get("caption") or t for t in differ["table_id"]],
            computed=differ["computed"].where(differ["result"] == "differs", differ["result"]))
        text.append(_html_table(shown[["chapter", "table_id", "row", "column", "published", "computed", "source"]]
                                .rename(columns={"chapter": "Chapter", "table_id": "Table", "row": "Row",
                                                 "column": "Column", "published": "Published",
                                                 "computed": "This edition", "source": "Where it was printed"})))
    text += ["## Full log", "",
             f"<p>Every published figure beside this edition's value, with its result and remark: "
             f"{_a(f'{log}/published-figures.csv', 'published-figures.csv')}. Every identity checked: "
             f"{_a(f'{log}/identities.csv', 'identities.csv')}.</p>", ""]
    return "\n".join(text) + "\n"


def key_messages_page(edition, chapters, figures: Path) -> str:
    """'Key messages', the book's first page after the landing page: one plain sentence per message,
    worst news first, each with its chapter and (where earlier periods exist) a small trend chart.
    Raw HTML: one node for Sphinx; every sentence and label escaped as text."""
    from . import messages as km

    records = km.read_exports(figures)
    titles = {c.slug: c.title_in(edition) for c in chapters}
    items = []
    for r in records:
        chart = r.get("trend_chart")
        spark = (f'<img class="pb-spark" src="{html_attr("figures/" + chart["file"])}" alt="{html_attr(chart["alt"])}">'
                 if chart else "")
        chapter = _a(f"chapters/{r['chapter']}.html", titles.get(r["chapter"], r["chapter"]))
        items.append(f'<li class="pb-km"><span class="pb-km-text">{html_text(r["sentence"])}</span> {spark}'
                     f'<span class="pb-km-chapter">{chapter}</span></li>')
    body = (f'<ol class="pb-key-messages">{"".join(items)}</ol>' if items
            else "<p>No chapter of this edition has a headline measure to report.</p>")
    return ("# Key messages\n\n"
            "What got better and what got worse in this edition, worst news first: each chapter's headline "
            "measures, each set against its target, an earlier period or another area where there is one. Every "
            "value is taken from the chapter's tables as published, so no withheld number is shown; where a value "
            "or what it is compared with is withheld, or the numbers are small, the message says it is too few to "
            "tell.\n\n"
            f"<p>All messages as a table: {_a('figures/' + km.CSV_NAME, km.CSV_NAME)}.</p>\n\n" + body + "\n")


def generated_pages(edition, chapters, register: dict, figures: Path, log: dict | None,
                    reconciliation) -> dict[str, str]:
    pages = {"key-messages": key_messages_page(edition, chapters, figures),
             "figures": figures_page(register), "about": about_page(edition, register, log),
             "reconciliation": reconciliation_page(edition, chapters, figures, reconciliation)}
    prev = edition.model.previous_edition
    if prev is not None:
        try:
            from .diff import since_last_edition_markdown
        except ImportError:
            since_last_edition_markdown = None
        if since_last_edition_markdown is not None and Path(prev).is_dir():
            pages["since-last-edition"] = since_last_edition_markdown(Path(prev), figures)
    return pages
