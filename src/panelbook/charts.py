"""Charts: Altair specs rendered offline (vl-convert) and embedded without any CDN.

The book serves vega, vega-lite and vega-embed from `_static/vega-bundle.js` (built from
`vl_convert.javascript_bundle()`, wrapped in a function scope so its globals do not clash with
Sphinx's doctools). Each chart's HTML holds its static SVG, which vega-embed replaces with the
interactive view (tooltips) when the bundle is present.
"""
from __future__ import annotations

import json

import altair as alt
import vl_convert as vlc

from .escape import html_attr, html_text, js_json

# One categorical palette for every chart of the book: the Government Analysis Function's categorical
# colours (colour-blind safe, in this order), without its orange, so that red, amber and green mean
# RAG and nothing else (RAG_COLOURS). Charts also label or pattern, never colour alone.
PALETTE = ["#12436D", "#28A197", "#801650", "#3D3D3D", "#A285D1", "#2073BC"]
FOUND, STILL_MISSING = PALETTE[0], PALETTE[2]


def palette(n: int) -> list[str]:
    """The first n colours of the book's palette (repeated past its end; charts also label)."""
    return (PALETTE * (n // len(PALETTE) + 1))[:n]


def to_spec(chart, catalogue=None) -> dict:
    """A Vega-Lite spec as a plain dict with deterministic data set names. U+2028/U+2029 in a label
    become spaces: Vega-Lite copies labels into its expressions (custom sort orders), whose parser
    reads them as line ends and fails. With the chapter's `catalogue` (labels.Catalogue), every
    axis, legend, header and tooltip a chart leaves untitled is titled with its field's label, so
    no column id (`ci_low`, `n`) is ever shown."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    spec = _without_separators(json.loads(json.dumps(spec, sort_keys=True)))
    return _titled(spec, catalogue) if catalogue is not None else spec


def _titled(value, cat):
    """Field definitions ({field, type}) without a title get their field's label."""
    if isinstance(value, list):
        return [_titled(v, cat) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _titled(v, cat) for k, v in value.items()}
    field = out.get("field")
    if isinstance(field, str) and "type" in out and "title" not in out and cat.header(field) != field:
        out["title"] = cat.header(field)
    return out


def _without_separators(value):
    if isinstance(value, str):
        return value.replace("\u2028", " ").replace("\u2029", " ")
    if isinstance(value, list):
        return [_without_separators(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_separators(v) for k, v in value.items()}
    return value


def render_svg(spec: dict) -> str:
    """The static SVG (by the build's warm renderer when this kernel has one: the same bytes, sooner)."""
    from .warm import rendered_svg

    svg = rendered_svg(spec)
    return svg if svg is not None else vlc.vegalite_to_svg(spec)


def render_png(spec: dict, scale: float = 2, svg: str | None = None) -> bytes:
    """PNG for papers and downloads; from the already-rendered SVG when given (a third of the cost)."""
    return vlc.svg_to_png(svg, scale=scale) if svg is not None else vlc.vegalite_to_png(spec, scale=scale)


def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed, scoped so only window.vegaEmbed/vega/vegaLite leak."""
    return "(function(){\n" + vlc.javascript_bundle() + "\n})();\n"


def embed_html(export_id: str, spec: dict, svg: str, title: str, alt: str, source: str, table_alt: str,
               cite: str = "") -> str:
    """A chart's block: the static SVG (replaced by the live vega-embed view), its alt text, the
    table alternative and downloads. `export_id` is a slug; every other string is escaped here."""
    spec_json = js_json(spec, sort_keys=True)
    details = (f'<details class="pb-chart-table"><summary>Show as table</summary>{table_alt}</details>'
               if table_alt else "")
    return (
        f'<div class="pb-figure pb-chart" id="{export_id}">'
        f'<p class="pb-caption"><strong>{html_text(title)}</strong></p>'
        f'<div class="pb-vega" id="vega-{export_id}" role="img" aria-label="{html_attr(alt)}">{svg}</div>'
        f'<script type="application/json" id="spec-{export_id}">{spec_json}</script>'
        "<script>(function(){var go=function(){if(!window.vegaEmbed){return;}"
        f"var s=JSON.parse(document.getElementById('spec-{export_id}').textContent);"
        f"window.vegaEmbed('#vega-{export_id}',s,{{actions:false,renderer:'svg'}})"
        f".then(function(r){{var v=document.querySelector('#vega-{export_id} svg');"
        f"if(v){{v.setAttribute('role','img');v.setAttribute('aria-label',{js_json(alt)});}}}})"
        ".catch(function(e){console.warn(e);});};"
        "if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',go);}else{go();}})();</script>"
        f'<p class="pb-alt">{html_text(alt)}</p>'
        f"{details}"
        f'<p class="pb-source">{html_text(source)}</p>'
        f'<p class="pb-downloads">Download: <a href="../figures/{export_id}.svg">SVG</a> · '
        f'<a href="../figures/{export_id}.png">PNG</a></p>'
        f"{cite}"
        "</div>"
    )


def stacked_status_bar(data, category: str, title: str, order=None, category_title: str | None = None):
    """Horizontal-free vertical stacked bars of found / still missing, with labels and patterns."""
    long = data.melt(id_vars=[category], value_vars=["found", "still_missing"], var_name="status", value_name="children")
    long["children"] = numeric(long["children"]).to_numpy()
    long = long.dropna(subset=["children"])
    long["status"] = long["status"].map({"found": "Found", "still_missing": "Still missing"})
    x = alt.X(f"{category}:N", sort=order or None, title=category_title or category)
    base = alt.Chart(long).encode(x=x)
    bars = base.mark_bar(stroke="#222", strokeWidth=0.5).encode(
        y=alt.Y("children:Q", title="Children", stack="zero"),
        color=alt.Color("status:N", title="Status", scale=alt.Scale(domain=["Found", "Still missing"], range=[FOUND, STILL_MISSING])),
        opacity=alt.Opacity("status:N", scale=alt.Scale(domain=["Found", "Still missing"], range=[1.0, 0.75])),  # legend=None here drops the merged colour legend
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title or category), "status:N", "children:Q"],
    )
    return bars.properties(title=title, width=420, height=260)


def numeric(values) -> "pd.Series":
    """A published column as numbers: suppressed 'c' cells become missing (not plotted, not summed)."""
    import pandas as pd

    return pd.to_numeric(pd.Series(values), errors="coerce")


def drawable(published):
    """A published table ready to draw: withheld 'c' cells become missing (never drawn, never summed);
    its other cells as published."""
    out = published.copy()
    for col in out.columns:
        if (out[col].astype(str) == "c").any():
            out[col] = numeric(out[col]).to_numpy()
    return out


def records(df) -> list[dict]:
    """A frame's rows as a chart's data holds them (missing values as null)."""
    return json.loads(df.to_json(orient="records", date_format="iso"))


def _same(drawn, shown) -> bool:
    if drawn is None or drawn == shown:  # drawing less than the table shows hides nothing
        return True
    if isinstance(shown, str) and shown == "c":  # a withheld cell drawn as a number
        return False
    try:
        return abs(float(drawn) - float(shown)) < 1e-9
    except (TypeError, ValueError):
        return str(drawn) == str(shown)


def not_drawn_from(spec: dict, published) -> list[str]:
    """What of a chart's data is not in the published table (empty when every row of data it holds is a
    row of the table, with a withheld cell drawn as missing): a chart cannot show what its table hides."""
    rows = records(published)
    found, wrong = [], []

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "url" in data:
                wrong.append(f"data read from {data['url']!r}")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                found.extend(data["values"])
            for key, value in node.items():
                if key == "datasets" and isinstance(value, dict):
                    for values in value.values():
                        found.extend(values if isinstance(values, list) else [])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    for record in found:
        if not isinstance(record, dict):
            wrong.append(f"a data value {record!r} that is no row of the table")
            continue
        extra = [k for k in record if k not in published.columns]
        if extra:
            wrong.append(f"column {extra[0]!r} is not a column of the table")
        elif not any(all(_same(record[k], row[k]) for k in record) for row in rows):
            wrong.append(f"the row {record!r} is not a row of the table as published")
    return wrong


def _count(v) -> str:
    n = numeric([v]).iloc[0]
    return "c (fewer than the threshold)" if n != n else str(int(n))


def describe_status_bars(data, category: str) -> str:
    """Alt text from the published data: the largest group and each bar's counts ('c' kept as such)."""
    if not len(data):
        return "No children in this period."
    total = numeric(data["found"]).fillna(0).to_numpy() + numeric(data["still_missing"]).fillna(0).to_numpy()
    top = data.iloc[int(total.argmax())]
    parts = ", ".join(f"{r[category]}: {_count(r['found'])} found, {_count(r['still_missing'])} still missing"
                      for _, r in data.iterrows())
    return f"Bar chart of children by {category}. Largest shown group {top[category]}. {parts}."


# RAG colours chosen for contrast with their text labels; every segment also carries its letter and count
RAG_COLOURS = {"Red": "#b71c1c", "Amber": "#b35900", "Green": "#2e7d32", "Complete": "#455a64", "Not rated": "#e0e0e0"}
RAG_LETTERS = {"Red": "R", "Amber": "A", "Green": "G", "Complete": "C", "Not rated": "NR"}


def rag_stacked_bar(data, category: str, title: str, group: str | None = None, category_title: str | None = None):
    """Horizontal stacked bars of RAG counts per category (optionally in one panel per `group`),
    each segment labelled 'R 2', 'A 6'... so colour is never the only cue.

    `data`: one row per category with columns red, amber, green, complete, not_rated (an aggregated table).
    """
    cols = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete", "not_rated": "Not rated"}
    ids = [category] + ([group] if group else [])
    long = data.melt(id_vars=ids, value_vars=list(cols), var_name="status", value_name="actions")
    long["status"] = long["status"].map(cols)
    long["actions"] = long["actions"].astype(int)
    long = long[long["actions"] > 0].copy()
    long["order"] = long["status"].map({s: i for i, s in enumerate(cols.values())})
    long["label"] = long["status"].map(RAG_LETTERS) + " " + long["actions"].astype(str)
    domain = list(cols.values())
    y = alt.Y(f"{category}:N", sort=list(data[category]), title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("actions:Q", stack="zero", title="Actions")
    base = alt.Chart(long).encode(y=y, x=x, order=alt.Order("order:Q"))
    bars = base.mark_bar(stroke="#616161", strokeWidth=0.5).encode(
        color=alt.Color("status:N", title="Status", sort=domain,
                        scale=alt.Scale(domain=domain, range=[RAG_COLOURS[s] for s in domain])),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title or category), "status:N", "actions:Q"],
    )
    labels = base.mark_text(align="right", dx=-3, fontSize=10, fontWeight="bold").encode(
        x=alt.X("actions:Q", stack="zero", bandPosition=1), text="label:N",
        color=alt.condition(alt.datum.status == "Not rated", alt.value("#212121"), alt.value("#ffffff")))
    layered = (bars + labels).properties(width=380, height=alt.Step(24))
    if group:
        order = list(dict.fromkeys(data[group]))
        layered = layered.facet(row=alt.Row(f"{group}:N", sort=order, title=None,
                                            header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                              labelOrient="top", labelFontWeight="bold")),
                                spacing=8).resolve_scale(y="independent")
    return layered.properties(title=title)


def describe_rag_bars(data, category: str) -> str:
    """Alt text from the data: each category's counts in words."""
    if not len(data):
        return "No actions in the register."
    names = {"red": "red", "amber": "amber", "green": "green", "complete": "complete", "not_rated": "not rated"}
    parts = "; ".join(f"{r[category]}: " + ", ".join(f"{int(r[c])} {n}" for c, n in names.items() if int(r[c]))
                      for _, r in data.iterrows())
    total = int(sum(int(data[c].sum()) for c in names))
    return f"Stacked bar chart of {total} actions by RAG status, one bar per {category}. {parts}."


def audit_pct_bars(data, category: str, title: str, category_title: str, value_title: str):
    """Vertical bars of a percentage per category, each labelled with its value (audits chapter)."""
    d = data[[category, "pct"]].copy()
    d["label"] = d["pct"].map(lambda v: f"{v:.1f}%")
    base = alt.Chart(d).encode(x=alt.X(f"{category}:N", sort=list(d[category]), title=category_title,
                                       axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color=PALETTE[0], stroke="#222", strokeWidth=0.5).encode(
        y=alt.Y("pct:Q", title=value_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip("pct:Q", title=value_title)])
    labels = base.mark_text(dy=-6, fontSize=11, color="#222").encode(y="pct:Q", text="label:N")
    return (bars + labels).properties(title=title, width=360, height=240)


def describe_audit_pct_bars(data, category: str, what: str) -> str:
    """Alt text: every category's percentage in words."""
    if not len(data):
        return f"No {what} in this period."
    parts = "; ".join(f"{r[category]}: {r['pct']:.1f}%" for _, r in data.iterrows())
    return f"Bar chart of the percentage of {what}, by {category}. {parts}."


def audit_grade_heatmap(data, scale, title: str, facet: str = "needs_group", facet_title: str = "Needs group"):
    """Cross-tab heatmaps of supervision grade (rows) by plan grade (columns), one panel per group.

    `data` is the aggregated long table (facet, supervision, plan, cases); grades run worst to
    best along both axes, so agreement lies on the diagonal. Every cell is labelled with its count.
    """
    import pandas as pd

    d = data.copy()
    d["cases_num"] = pd.to_numeric(d["cases"], errors="coerce")
    d["label"] = d["cases"].astype(str)
    base = alt.Chart().encode(
        x=alt.X("plan:N", sort=list(scale), title="Plan grade", axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("supervision:N", sort=list(reversed(scale)), title="Supervision grade"))
    rect = base.mark_rect(stroke="#fff").encode(
        color=alt.Color("cases_num:Q", title="Cases", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip(f"{facet}:N", title=facet_title), "supervision:N", "plan:N",
                 alt.Tooltip("label:N", title="Cases")])
    text = base.mark_text(fontSize=11).encode(
        text="label:N",
        color=alt.condition("datum.cases_num > 40", alt.value("#fff"), alt.value("#222")))
    return alt.layer(rect, text, data=d).properties(width=170, height=150).facet(
        facet=alt.Facet(f"{facet}:N", title=facet_title, sort=list(dict.fromkeys(d[facet]))), columns=2,
    ).properties(title=title)


def describe_audit_heatmap(data, facet: str = "needs_group") -> str:
    """Alt text: per group, cases graded on both and how many had the same grade for both."""

    if not len(data):
        return "No cases graded on both supervision and plan."
    from .disclosure import SUPPRESSED, published_sum

    parts = []
    for g, t in data.groupby(facet, sort=False):
        n = published_sum(t["cases"])  # a sum over a withheld cell is withheld too
        same = published_sum(t.loc[t["supervision"] == t["plan"], "cases"])
        if n == SUPPRESSED:
            parts.append(f"{g}: some counts withheld")
        elif not n:
            parts.append(f"{g}: no cases")
        else:
            parts.append(f"{g}: {int(n)} cases, {int(same)} with the same grade for both")
    return ("Heatmaps of supervision grade against plan grade, one per needs group. "
            + "; ".join(parts) + ".")


# -- surveys chapter -----------------------------------------------------------------------------
# diverging (not categorical): the palette's dark pink for the less happy answers, its dark blue for the
# happier, grey between; no red, amber or green
LIKERT_COLOURS = ["#801650", "#C98BA8", "#BFBFBF", "#7FA1C2", "#12436D"]


def diverging_likert(data, title: str, labels: list[str]):
    """Diverging stacked bars of 1-5 answers (1-2 left, 3 split at zero, 4-5 right), one bar per period."""
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
