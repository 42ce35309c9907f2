"""Cutting quoted text to a length: on a word boundary, with an ellipsis, never in the middle of a word."""

from __future__ import annotations

ELLIPSIS = "…"
_AFTER_WORD = ',;:.!?)]}»”"'  # a word that these follow is whole (not an apostrophe: "don't")
_TRAILING = " \t\n,;:–—-([{«“‘\"'"  # nothing a cut should end on before its ellipsis


def shorten(text: str, limit: int) -> str:
    """`text` when it has at most `limit` characters; otherwise its longest run of whole words that fits in
    `limit` with the ellipsis, then "…". A first word longer than that gives the ellipsis alone.
    """
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    if room <= 0:
        return ELLIPSIS if limit >= len(ELLIPSIS) else ""
    head = text[:room]
    if not (text[room].isspace() or text[room] in _AFTER_WORD):  # the cut would split a word
        cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        head = head[:cut] if cut > 0 else ""
    return head.rstrip(_TRAILING) + ELLIPSIS
