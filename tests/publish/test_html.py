"""JSON placed in a page's script blocks can never end the block, and reads back as the same value."""

from __future__ import annotations

import json

from publish.html import environment, script_json


def test_script_json_escapes_what_could_end_a_script_block() -> None:
    value = {"quote": "</script><!-- & \u2028", "n": [1.5, None]}
    written = str(script_json(value))
    assert "</" not in written and "<!--" not in written and "&" not in written
    assert json.loads(written) == value


def test_templates_escape_every_value() -> None:
    page = environment().from_string("<p>{{ x }}</p>").render(x="<b>&</b>")
    assert page == "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>"
