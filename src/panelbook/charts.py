"""Charts: Altair specs rendered offline (vl-convert) and embedded without any CDN.

The book serves vega, vega-lite and vega-embed from `_static/vega-bundle.js` (built from
`vl_convert.javascript_bundle()`, wrapped in a function scope so its globals do not clash with
Sphinx's doctools). Each chart's HTML holds its static SVG, which vega-embed replaces with the
interactive view (tooltips) when the bundle is present.
"""
from __future__ import annotations

import json

from .escape import html_attr, html_text, js_json

# One categorical palette for every chart of the book: the Government Analysis Function's categorical
# colours (colour-blind safe, in this order), without its orange, so that red, amber and green mean
# RAG and nothing else (the actions chapter's RAG_COLOURS). Charts also label or pattern, never colour alone.
PALETTE = ["#12436D", "#28A197", "#801650", "#3D3D3D", "#A285D1", "#2073BC"]


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
    if svg is not None:
        return svg
    import vl_convert as vlc  # imported by the renderers only: chapter modules import this module for PALETTE

    return vlc.vegalite_to_svg(spec)


def render_png(spec: dict, scale: float = 2, svg: str | None = None) -> bytes:
    """PNG for papers and downloads; from the already-rendered SVG when given (a third of the cost)."""
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=scale) if svg is not None else vlc.vegalite_to_png(spec, scale=scale)


def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed, scoped so only window.vegaEmbed/vega/vegaLite leak."""
    import vl_convert as vlc

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


