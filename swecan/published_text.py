"""The published arbetsordning: its adopted Markdown rendered as a document.

The stored text is the adopted text word for word; the portal's readings of it
(application notes, rules.md "Interpretations are labelled") are placed beside the
§ they concern when rendered, marked as not part of the text, and never stored in it.
"""

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as etree

import markdown
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

# "3.3 Beslutsförhet" → "punkt-3-3": anchors that stay put when a heading is reworded.
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s|$)")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}

# Raw HTML is escaped, and links and images are not Markdown here: the adopted text has
# none, and whatever is stored can then never point a reader anywhere we did not mean.
_DISABLED_INLINE = ("html", "link", "image_link", "image_reference", "reference",
                    "short_reference", "short_image_ref", "autolink", "automail")


def section_of(heading_text: str) -> str | None:
    """The section number a heading starts with ("3.3"), or None."""
    match = _NUMBERED.match(heading_text.strip())
    return match.group(1) if match else None


def _anchor(value: str, separator: str) -> str:
    number = section_of(value)
    return f"punkt-{number.replace('.', '-')}" if number else slugify(value, separator)


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)  # [{"id", "name", "children": [...]}]


class _Notes(Treeprocessor):
    """Footnote marks as written ("regeringsbeslut5"), TOC names without them, and the
    application notes of a section in one box at its end."""

    def __init__(self, md, notes: dict):
        super().__init__(md)
        self.notes = notes

    def run(self, root):
        self._keep_footnote_numbers(root)
        self._clean_toc_names(root)
        children = list(root)
        inserts = []
        for index, element in enumerate(children):
            if element.tag not in _HEADINGS:
                continue
            number = section_of("".join(element.itertext()))
            if number is None or not self.notes.get(number):
                continue
            end = next((i for i in range(index + 1, len(children))
                        if children[i].tag in _HEADINGS or children[i].get("class") == "footnote"),
                       len(children))
            inserts.append((end, self._aside(number, self.notes[number])))
        for end, aside in reversed(inserts):
            root.insert(end, aside)

    def _keep_footnote_numbers(self, root):
        # The adopted text numbers its footnotes 5 and 6 (they continue the report's).
        labels = []
        for sup in root.iter("sup"):
            for link in sup.iter("a"):
                if link.get("class") == "footnote-ref":
                    label = link.get("href", "").removeprefix("#fn:")
                    link.text = label
                    labels.append(label)
        for div in root.iter("div"):
            if div.get("class") == "footnote" and labels and labels[0].isdigit():
                ol = div.find("ol")
                if ol is not None:
                    ol.set("start", labels[0])

    def _clean_toc_names(self, root):
        names = {}
        for element in root.iter():
            if element.tag in _HEADINGS and element.get("id"):
                names[element.get("id")] = "".join(_text_without_sup(element)).strip()

        def clean(tokens):
            for token in tokens:
                token["name"] = names.get(token["id"], token["name"])
                clean(token["children"])

        clean(getattr(self.md, "toc_tokens", []))

    def _aside(self, number: str, notes) -> etree.Element:
        aside = etree.Element("aside", {
            "class": "application-note",
            "aria-label": gettext("Tillämpningsanvisning till punkt %(number)s") % {"number": number},
        })
        label = etree.SubElement(aside, "p", {"class": "application-note-label"})
        strong = etree.SubElement(label, "strong")
        strong.text = gettext("Tillämpningsanvisning")
        strong.tail = " " + gettext("(inte en del av den antagna texten)")
        for note in notes:
            etree.SubElement(aside, "p").text = str(note)
        return aside


def _text_without_sup(element):
    if element.text:
        yield element.text
    for child in element:
        if child.tag != "sup":
            yield from _text_without_sup(child)
        if child.tail:
            yield child.tail


class _NotesExtension(Extension):
    def __init__(self, notes: dict):
        super().__init__()
        self.notes = notes

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        for name in _DISABLED_INLINE:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_Notes(md, self.notes), "application_notes", 4)


def render(text: str, notes: dict | None = None) -> Rendered:
    """`text` (Markdown, '#' = the document's title) as HTML with h2 as its top heading,
    anchored sections, a table of contents and `notes` ({"3.3": [str, ...]}) in place."""
    md = markdown.Markdown(
        extensions=["footnotes", "toc", _NotesExtension(notes or {})],
        extension_configs={
            "toc": {"baselevel": 2, "slugify": _anchor, "toc_depth": "3-4"},
            "footnotes": {"BACKLINK_TITLE": gettext("Tillbaka till texten"), "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )
    # Safe: raw HTML in the text is escaped and links are off (_NotesExtension).
    html = mark_safe(md.convert(text or ""))  # noqa: S308
    return Rendered(html=html, toc=md.toc_tokens)
