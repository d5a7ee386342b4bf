"""One escaping rule per place a string from data or params lands, so none is ever read as markup.

Every string that comes from the analysts' files or an edition's parameters passes one of these
on its way into the book or an export:

- `html_text` / `html_attr` - HTML text and quoted attribute values (also line breaks, which in a
  MyST page would end a raw HTML block and let the rest be parsed as Markdown);
- `js_json`   - a value inside an inline <script> (JSON that cannot close the script or break a line);
- `myst_text`, `myst_code`, `myst_fence` - text, inline code and code blocks in a MyST page, where
  data must never become a directive, role, link, HTML or maths;
- `slug`      - ids made from data (survey and question ids) used in file names, anchors and keys;
- `formula_safe` - a cell of a CSV that Excel would otherwise run as a formula;
- `control_characters` - what validation refuses (openpyxl and python-docx cannot write them).
"""
from __future__ import annotations

import hashlib
import html
import json
import re

# characters str.splitlines() and Markdown treat as line ends
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def html_text(value) -> str:
    """Text inside an HTML element (or a raw HTML block of a MyST page)."""
    escaped = html.escape("" if value is None else str(value), quote=True)
    return _LINE_BREAKS.sub(lambda m: f"&#{ord(m.group())};", escaped)


html_attr = html_text  # the same rule is safe inside a double- or single-quoted attribute


_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js_json(value, **dumps) -> str:
    """JSON for an inline <script> (code or type="application/json"): it cannot end the script
    (`</script>`, `<!--`), and U+2028/9 cannot end a JavaScript line."""
    text = json.dumps(value, **dumps)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JS_UNSAFE[m.group()], text)


_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~$&])")  # emphasis, code, roles, links, HTML, entities, maths


def one_line(value) -> str:
    """Runs of whitespace (line breaks included) as one space, trimmed."""
    return " ".join(("" if value is None else str(value)).split())


def myst_text(value) -> str:
    """Plain text in a MyST page: one line, and every character that could start markup (a
    directive, role, link, emphasis, HTML, entity, substitution, maths, list or heading)
    backslash-escaped, so it shows exactly as written."""
    text = _MD_INLINE.sub(r"\\\1", one_line(value))
    text = re.sub(r"^(\d{1,9})([.)])(?=\s|$)", r"\1\\\2", text)  # an ordered list item
    return re.sub(r"^([+-](?=\s|$)|(?==+$|-+$))", r"\\\1", text)  # a list item, a rule or underline


def myst_code(value) -> str:
    """Inline code in a MyST page, fenced with more backticks than the value holds."""
    text = one_line(value)
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def myst_fence(content: str, info: str = "") -> str:
    """A fenced code block whose fence no line of `content` can close; U+2028/U+2029 (which the
    highlighter reads as line ends, and fails) are shown as <U+2028>."""
    content = re.sub("[\u2028\u2029]", lambda m: f"<U+{ord(m.group()):04X}>", content)
    run = max((len(m) for m in re.findall(r"`{3,}", content)), default=0)
    fence = "`" * max(3, run + 1)
    body = content if content.endswith("\n") else content + "\n"
    return f"{fence}{info}\n{body}{fence}\n"


class Markup(str):
    """A string already written as MyST markup by the code (never from data): not escaped again."""


def myst_cell(value) -> str:
    """A cell of a MyST pipe table: text escaped (pipes included), markup kept."""
    return str(value) if isinstance(value, Markup) else myst_text(value)


_SLUG_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


def slug(value) -> str:
    """An id safe in a file name, an HTML id, a URL fragment and a JavaScript string.

    Ids that are already safe are kept as they are (export ids stay stable across editions);
    any other is reduced to its safe characters plus a short hash of the original, so two
    different ids never share a slug."""
    text = "" if value is None else str(value)
    if _SLUG_SAFE.fullmatch(text):
        return text
    cleaned = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")[:60]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else f"id-{digest}"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def formula_safe(value):
    """A CSV cell Excel will not run: text starting = + - @ tab or CR gets a leading apostrophe
    (numbers such as -2.5 are left alone); anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def csv_cell(value):
    """A CSV cell: formula_safe, and a carriage return inside text written as a line feed (which the
    CSV writer quotes; a bare CR would end the row for most readers)."""
    value = formula_safe(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def formula_restore(value):
    """The text a formula_safe CSV cell stood for (for writing it as a string cell in XLSX)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


CONTROL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_PATTERN)


def show_controls(value: str) -> str:
    """The text with each control character written as <U+000B>, to quote it in a message."""
    return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)


def control_characters(value) -> list[str]:
    """The control characters in a text (tab, line feed and carriage return are allowed), as
    'U+000B' names, for a message the analyst can act on."""
    if not isinstance(value, str):
        return []
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(value)})


_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _safe_href(href: str) -> str | None:
    """A link target kept from edition markdown: http(s), mailto or a relative path; None otherwise
    (javascript:, data:, file:, ...: the link text is kept, the link dropped)."""
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", href)
    if scheme and not href.lower().startswith(_SAFE_SCHEMES):
        return None
    return re.sub(r"[<>\s\\]", lambda m: f"%{ord(m.group()):02X}", href)


def _inline_text(text: str) -> str:
    """Text inside a line of MyST: markup characters escaped, whitespace runs one space (kept at the
    edges, where it separates the text from emphasis or a link)."""
    return _MD_INLINE.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _inline(children) -> str:
    out, link_open = [], []
    for t in children or ():
        if t.type == "text":
            out.append(_inline_text(t.content))
        elif t.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t.type in ("em_open", "em_close"):
            out.append("*")
        elif t.type in ("strong_open", "strong_close"):
            out.append("**")
        elif t.type == "code_inline":
            out.append(myst_code(t.content))
        elif t.type == "link_open":
            href = _safe_href(str(t.attrs.get("href", "")))
            link_open.append(href)
            if href is not None:
                out.append("[")
        elif t.type == "link_close":
            href = link_open.pop() if link_open else None
            if href is not None:
                out.append(f"](<{href}>)")
        elif t.type == "image":
            out.append(_inline_text(t.content))
        else:  # raw HTML (never enabled), anything new: as the text it shows
            out.append(_inline_text(t.content))
    line = "".join(out).strip()
    line = re.sub(r"^(\d{1,9})([.)])(?=\s|$)", r"\1\\\2", line)
    return re.sub(r"^([+-](?=\s|$)|(?==+$|-+$))", r"\\\1", line)


def myst_markdown(text) -> str:
    """Edition words written as markdown (papers.yaml's intros and remarks, audits.how_chosen), re-written
    as MyST in which only CommonMark paragraphs, emphasis, inline code, links (http, https, mailto or
    relative), lists and code blocks survive, every text escaped as `myst_text` does: a directive, role,
    substitution, maths, raw HTML or heading in them shows as the text it is, never as markup."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parse("" if text is None else str(text))
    blocks, lists, items, heading = [], [], [], False

    def flush(item) -> None:  # an item's line, once, before any list nested in it
        if not item["done"]:
            depth = len(item["lists"]) - 1
            marker = "1. " if item["lists"][-1] else "- "
            blocks.append(("item", "   " * depth + marker + " ".join(item["lines"])))
            item["done"] = True

    for t in tokens:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            if items:
                flush(items[-1])
            lists.append(t.type.startswith("ordered"))
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "list_item_open":
            items.append({"lines": [], "done": False, "lists": list(lists)})
        elif t.type == "list_item_close":
            flush(items.pop())
        elif t.type == "heading_open":
            heading = True
        elif t.type == "heading_close":
            heading = False
        elif t.type == "inline":
            line = _inline(t.children)
            if not line:
                continue
            line = f"**{line}**" if heading else line  # a heading inside a chapter: bold, not a section
            if items and not items[-1]["done"]:
                items[-1]["lines"].append(line)
            else:
                blocks.append(("para", line))
        elif t.type in ("fence", "code_block"):  # shown as code; its info (a directive name) too
            body = f"{t.info}\n{t.content}" if t.info else t.content
            blocks.append(("para", myst_fence(body).rstrip("\n")))
    out = []
    for i, (kind, line) in enumerate(blocks):
        if i:
            out.append("\n" if kind == "item" and blocks[i - 1][0] == "item" else "\n\n")
        out.append(line)
    return "".join(out)
