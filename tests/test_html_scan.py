"""The page scanner (hooks/html_scan.py) that every post-build check reads pages through:
it finds the start tags a browser finds, and none that a browser would not."""

from __future__ import annotations

import pytest

from html_scan import Scanner, scan_page

CASES = {
    '<p id="a">x</p><a href="b/" name="c">y</a>': [("p", {"id": "a"}), ("a", {"href": "b/", "name": "c"})],
    '<!-- <a href="hidden"> --><img src="d.png">': [("img", {"src": "d.png"})],
    '<script>var s = "<a href=e>";</script><a href="f">': [("script", {}), ("a", {"href": "f"})],
    '<textarea><a href="g"></textarea><title>t</title><br id="h">': [("textarea", {}), ("title", {}), ("br", {"id": "h"})],
    '</a title="<b href=i>"><i id="j">': [("i", {"id": "j"})],  # an end tag's attributes are no tag
    "</a <b href=k>><u id=l>": [("u", {"id": "l"})],
    '<?php <a href="m"> ?><!doctype html><A HREF="N" ID="o">': [("a", {"href": "N", "id": "o"})],
}


@pytest.mark.parametrize("text", CASES)
def test_start_tags_as_a_browser_sees_them(text: str) -> None:
    tags = [(tag.name, dict(tag.attrs)) for tag in Scanner().scan(text).tags]
    assert tags == CASES[text]


def test_raw_text_offsets_and_ids() -> None:
    text = '<h1 id="top">T</h1>\n<script>if (a < b) {}</script>\n<a name="old"></a><style>p{}</style>'
    page = scan_page(text)
    assert page.ids == {"top", "old"}
    script = next(tag for tag in page.tags if tag.name == "script")
    assert script.text == "if (a < b) {}" and page.position(script.offset) == (2, 1)
    assert [tag.text for tag in page.tags if tag.name == "style"] == ["p{}"]


def test_a_sites_scanner_leaves_out_tags_with_nothing_to_check() -> None:
    text = '<div class="md-grid" role="main"><p>x</p><span class="a" onclick="go()">y</span><p style="color:red" data-x="1">z</p>'
    assert [tag.name for tag in Scanner().scan(text).tags] == ["span", "p"]  # an event handler, a style
    assert [tag.name for tag in scan_page(text).tags] == ["div", "p", "span", "p"]  # every start tag without one
