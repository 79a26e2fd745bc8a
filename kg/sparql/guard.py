"""What the read-only endpoint refuses before a query reaches an engine.

Oxigraph runs ``SERVICE <url>`` by making an HTTP request from the server: over HTTP that is a
way to make the server fetch arbitrary URLs, so ``kg serve`` refuses any query that uses it.
The check is lexical and deliberately conservative: SPARQL's ``\\uXXXX`` escapes are decoded
first (the grammar applies them before tokenising), strings, IRIs and comments are removed in
one pass, and any remaining word ``SERVICE`` refuses the query. A false alarm costs a 403 on a
query that merely spells the word oddly; a miss would cost a server-side request.
"""

from __future__ import annotations

import re

from rdflib.plugins.sparql.parser import parseUpdate

from kg.sparql.errors import QueryRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$/#@-])SERVICE(?![\w:])", re.IGNORECASE)


def _decode_escapes(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"

    return _ESCAPE.sub(one, text)


def uses_service(text: str) -> bool:
    """True if the query (possibly) contains a SERVICE clause."""
    bare = TOKENS.sub(" ", _decode_escapes(text))
    return bool(_SERVICE.search(bare))


def is_update(text: str) -> bool:
    """True if ``text`` parses as SPARQL Update (INSERT, DELETE, DROP, LOAD, CLEAR …).

    Only called once a text has failed to parse as a query, to say "read-only" rather than
    "syntax error" to someone who sent an update.
    """
    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises several types; any failure means "not an update"
        return False
    return True


def refuse_federation(text: str) -> None:
    """Raise QueryRefused for queries with SERVICE (see the module docstring)."""
    if uses_service(text):
        raise QueryRefused("SERVICE (federated query) is disabled on this endpoint")
