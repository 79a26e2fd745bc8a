"""The HTML of ``kg serve``: a query box, the named queries as forms, result tables.

Plain HTML with inline CSS and no script or external resource (the Content-Security-Policy
the server sends forbids both). Everything that comes from the graph or the request — labels,
sentences, query text, error messages — goes through html.escape.
"""

from __future__ import annotations

from html import escape

from kg.queries import library
from kg.sparql.results import Result
from kg.sparql.terms import display

_STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2em; max-width: 80em; }
textarea { width: 100%; font-family: monospace; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
th { background: #f3f3f3; } pre { background: #f7f7f7; padding: 0.5em; overflow-x: auto; }
fieldset { margin: 0 0 1em 0; } .muted { color: #666; }
"""

EXAMPLE = "SELECT ?name WHERE {\n  ?person a zkg:Person ;\n          rdfs:label ?name .\n}\nLIMIT 20\n"
FORMATS = ("html", "json", "csv", "tsv", "xml")


def _layout(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _format_select() -> str:
    options = "".join(f'<option value="{f}">{f}</option>' for f in FORMATS)
    return f'<label>format <select name="format">{options}</select></label>'


def index_page(source: str, prefixes: str, timeout: float, max_rows: int) -> str:
    """The landing page: the query box, then one form per named query."""
    parts = [
        "<h1>zhkg SPARQL</h1>",
        f'<p class="muted">Graph: {escape(source)} · read-only · time limit {timeout:g} s · '
        f"at most {max_rows} rows · endpoint <code>/sparql</code> (SPARQL 1.1 Protocol)</p>",
        '<form method="post" action="/sparql">',
        f'<textarea name="query" rows="12">{escape(EXAMPLE)}</textarea><br>',
        f'{_format_select()} <button type="submit">Run</button></form>',
        f"<details><summary>Predeclared prefixes</summary><pre>{escape(prefixes)}</pre></details>",
        "<h2>Named queries</h2>",
    ]
    for name, query in library().items():
        inputs = "".join(
            f'<label>{escape(p.name)} <input name="{escape(p.name)}" '
            f'placeholder="{escape(p.type)}" value="{escape(p.default or "")}"'
            f"{' required' if p.required else ''}></label> "
            for p in query.params
        )
        parts.append(
            f"<fieldset><legend><b>{escape(name)}</b></legend><p>{escape(query.description)}</p>"
            f'<form method="get" action="/named/{escape(name)}">{inputs}'
            f'<input type="hidden" name="format" value="html"><button type="submit">Run</button></form>'
            f"<details><summary>SPARQL</summary><pre>{escape(query.text)}</pre></details></fieldset>"
        )
    return _layout("zhkg SPARQL", "\n".join(parts))


def result_page(result: Result, title: str) -> str:
    """A result as an HTML table (SELECT), a yes/no (ASK) or escaped Turtle (CONSTRUCT)."""
    head = f'<p><a href="/">← query</a></p><h1>{escape(title)}</h1>'
    if result.kind == "ask":
        return _layout(title, head + f"<p>{'yes' if result.boolean else 'no'}</p>")
    if result.kind == "graph":
        return _layout(title, head + f"<pre>{escape(result.graph().serialize(format='turtle'))}</pre>")
    header = "".join(f"<th>{escape(v)}</th>" for v in result.vars)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(display(t))}</td>" for t in row) + "</tr>" for row in result.rows
    )
    note = f"{len(result.rows)} rows" + (" (truncated)" if result.truncated else "")
    return _layout(title, head + f'<p class="muted">{note}</p><table><tr>{header}</tr>{rows}</table>')


def error_page(status: int, message: str) -> str:
    body = f'<p><a href="/">← query</a></p><h1>{status}</h1><pre>{escape(message)}</pre>'
    return _layout(str(status), body)
