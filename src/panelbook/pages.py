"""Pages generated for each edition from its register: figures and tables, reconciliation, provenance,
and what changed since the last edition."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .escape import Markup, html_attr, html_text, myst_cell, myst_code, myst_fence, myst_text


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
    return f'<table class="pb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'


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
                    f"<td><code>{html_text(f['id'])}</code></td><td>{links}</td>"
                    f"<td>{html_text(f.get('cite', ''))}</td></tr>")
    table = ('<table class="pb-table pb-register"><thead><tr><th scope="col">Number</th><th scope="col">Title</th>'
             '<th scope="col">Id</th><th scope="col">Downloads</th><th scope="col">How to cite</th></tr></thead>'
             f"<tbody>{''.join(rows)}</tbody></table>")
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
    built = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (f"# About this edition\n\nEverything needed to rebuild this book exactly: the parameters, the input "
            f"files (with their SHA-256), the code commit and the package versions.\n\n"
            f"- **Edition:** {myst_text(register['title'])} ({myst_code(register['edition'])})\n- **Built:** {built}\n"
            f"- **Code commit:** {myst_code(register['code_commit'])}\n"
            f"- **Small numbers:** {myst_text(privacy_statement(edition.min_count))}\n\n## Parameters\n\n{myst_fence(params, 'yaml')}\n"
            f"## Input files\n\n{_md_table(inputs)}\n## Chapters\n\n{_md_table(chapters)}\n"
            f"## Packages\n\n{_md_table(packages)}\n"
            f"To rebuild: check out the commit above, put the same input files in `data_dir`, and run "
            f"`panelbook build` with these parameters.\n")


def reconciliation_page(edition, chapters, figures: Path) -> str:
    from .reconcile import _load_tables, check_identities, compare, load_published

    identities = pd.DataFrame(check_identities(chapters, figures))
    text = ["# Reconciliation", "",
            "## Identities checked on this build", "",
            "Every table's rows add up to its totals, and the tables of a chapter agree with each other (one "
            "cohort, one total). A failed identity stops the build, so every line below holds.", ""]
    if not identities.empty:
        shown = identities.assign(result=identities["holds"].map({True: "holds", False: "FAILS"}))
        text.append(_html_table(shown[["identity", "result"]]))
    text += ["## Figures published before", ""]
    if not edition.model.published:
        text.append("This edition lists no previously published figures.\n")
    else:
        tables, _ = _load_tables(figures)
        result = compare(load_published(edition.model.published), tables)
        printed = result[result["printed"]]
        differ = printed[~printed["agrees"]]
        text.append(f"{len(printed) - len(differ)} of {len(printed)} published figures agree with this edition's "
                    f"tables. Those that differ:\n")
        text.append(_html_table(differ[["table_id", "row", "column", "published", "computed", "source"]]))
        text.append("\nAll published figures, beside the recomputed values:\n")
        verdict = result["agrees"].map({True: "yes", False: "no"}).where(result["printed"], "not printed")
        text.append(_html_table(result.assign(agrees=verdict)[["table_id", "row", "column", "published", "computed",
                                                               "agrees"]], strong={"agrees": "no"}))
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


def generated_pages(edition, chapters, register: dict, figures: Path, log: dict | None = None) -> dict[str, str]:
    pages = {"key-messages": key_messages_page(edition, chapters, figures),
             "figures": figures_page(register), "about": about_page(edition, register, log),
             "reconciliation": reconciliation_page(edition, chapters, figures)}
    prev = edition.model.previous_edition
    if prev is not None:
        try:
            from .diff import since_last_edition_markdown
        except ImportError:
            since_last_edition_markdown = None
        if since_last_edition_markdown is not None and Path(prev).is_dir():
            pages["since-last-edition"] = since_last_edition_markdown(Path(prev), figures)
    return pages
