"""HTML mail bodies as plain text, with quoted parts marked '> ' so replies can be cut."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "hr", "section", "article", "header", "footer",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "title", "template"}
# Mail clients wrap the quoted message in these ("gmail_quote", Outlook's "divRplyFwdMsg").
_QUOTE_CLASSES = re.compile(
    r"gmail_quote|divRplyFwdMsg|moz-cite-prefix|yahoo_quoted", re.I
)
_QUOTED = "\x01"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.quotes: list[str] = []  # open tags that started a quote
        self.link: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        marks = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if tag == "blockquote" or _QUOTE_CLASSES.search(marks):
            self.quotes.append(tag)
        if tag == "a":
            self.link = (attributes.get("href") or "", len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "a" and self.link:
            href, start = self.link
            anchor = "".join(self.parts[start:])
            if href.startswith("http") and anchor.strip() and href not in anchor:
                self.parts.append(f" ({href})")  # "LinkedIn" keeps its address
            self.link = None
        if tag in _BLOCKS:
            self.parts.append("\n")
        if self.quotes and self.quotes[-1] == tag:
            self.quotes.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(
                (_QUOTED if self.quotes else "") + re.sub(r"\s+", " ", data)
            )


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: blocks become lines, links keep their address."""
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser's reaction to some malformed declarations
        return html.unescape(re.sub(r"<[^>]*>", " ", markup)).strip()
    lines = []
    for line in "".join(parser.parts).splitlines():
        text = line.replace(_QUOTED, "").strip()
        lines.append(f"> {text}" if _QUOTED in line and text else text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
