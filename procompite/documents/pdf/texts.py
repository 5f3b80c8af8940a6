"""Paragraphs that recur all through a report — a cell's «5.00» or «Cumple», a criterion's name,
the header of a table printed on every dictamen of a call — parsed once, broken into lines once
for each width, and drawn once for each width in each PDF; every later copy repeats the same
result. Only plain text (one run of one font, no link, underline or bullet) is shared: any other
paragraph is an ordinary reportlab ``Paragraph``."""

import weakref

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


class _Entry:
    """What every copy of one text in one style shares: the parse, the lines for each width,
    and the drawing operators for each width on the canvas that last drew them."""

    __slots__ = ("drawn", "lines", "template")

    def __init__(self, template: "SharedParagraph"):
        self.template = template
        self.lines: dict[float, tuple] = {}
        self.drawn: dict[tuple[float, float], tuple[weakref.ref, list[str]]] = {}


def _plain(paragraph: Paragraph) -> bool:
    """Whether reportlab lays the paragraph out as one run of text, whose lines and drawing
    depend on nothing but the text, the style and the width."""
    style = paragraph.style
    if len(paragraph.frags) != 1 or paragraph.bulletText or style.endDots or style.shaping:
        return False
    if style.wordWrap or style.hyphenationLang or style.embeddedHyphenation:
        return False
    frag = paragraph.frags[0]
    return (
        hasattr(frag, "text")
        and not getattr(frag, "link", None)
        and not getattr(frag, "us_lines", None)
        and not hasattr(frag, "cbDefn")
        and not hasattr(frag, "backColor")
    )


class SharedParagraph(Paragraph):
    """A paragraph made by :class:`SharedTexts`; the parts of a split one are ordinary."""

    _entry: _Entry | None = None

    def wrap(self, availWidth, availHeight):
        entry = self._entry
        if entry is None or availWidth < rl_config._FUZZ:
            return super().wrap(availWidth, availHeight)
        found = entry.lines.get(availWidth)
        if found is None:
            super().wrap(availWidth, availHeight)
            found = (tuple(self._wrapWidths), self.blPara, self.height, self._width_max)
            entry.lines[availWidth] = found
        widths, self.blPara, self.height, self._width_max = found
        self.width, self._wrapWidths = availWidth, list(widths)
        return availWidth, self.height

    def draw(self) -> None:
        entry, canvas = self._entry, self.canv
        if entry is None:
            super().draw()
            return
        key = (self.width, self.height)
        drawn = entry.drawn.get(key)
        if drawn is not None and drawn[0]() is canvas:
            canvas._code.extend(drawn[1])
            return
        start = len(canvas._code)
        super().draw()
        entry.drawn[key] = (weakref.ref(canvas), canvas._code[start:])


class SharedTexts:
    """The paragraphs of one renderer, shared by text and style. The cache keeps each style it
    has seen, so that the style's identity keys it for as long as the cache lives."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], tuple[ParagraphStyle, _Entry | None]] = {}

    def paragraph(self, text: str, style: ParagraphStyle) -> Paragraph:
        key = (text, id(style))
        found = self._entries.get(key)
        if found is None:
            template = SharedParagraph(text, style)
            if not _plain(template):
                self._entries[key] = (style, None)
                return template
            found = self._entries[key] = (style, _Entry(template))
        entry = found[1]
        if entry is None:
            return Paragraph(text, style)
        copy = SharedParagraph.__new__(SharedParagraph)
        copy.__dict__.update(entry.template.__dict__)
        copy._entry = entry
        return copy
