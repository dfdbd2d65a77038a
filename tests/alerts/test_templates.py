"""Alert templates run in Jinja2's sandbox: no code execution, scraped text escaped per channel, capped output."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from rivalwatch.alerts.templates import MAX_OUTPUT_CHARS, TemplateProblem, render_message


@dataclass
class Event:
    summary: str
    severity: str = "info"
    store_name: str = "Rival"
    kind: str = "changed"
    field: str = "price"
    detected_at: datetime = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "payload",
    [
        "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch SENTINEL').read() }}",
        "{{ cycler.__init__.__globals__.os.popen('touch SENTINEL') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ dict.__base__.__subclasses__() }}",
        "{{ events.__class__.__init__.__globals__ }}",
    ],
)
def test_template_injection_is_refused(payload, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        title, body = render_message([Event("x")], scheme="json", store=None, body_template=payload)
    except TemplateProblem:
        pass
    else:
        assert "subclasses" not in body and "<class" not in body and "os" != body.strip()
    assert not (tmp_path / "SENTINEL").exists()


def test_config_and_debug_are_not_available():
    _title, body = render_message([Event("x")], scheme="json", store=None, body_template="[{{ config }}]")
    assert body == "[]"
    with pytest.raises(TemplateProblem):
        render_message([Event("x")], scheme="json", store=None, body_template="{% debug %}")


def test_output_is_capped():
    _title, body = render_message([Event("x" * 1000)] * 50, scheme="json", store=None,
                                  body_template="{% for e in events %}{% for e2 in events %}{{ e.summary }}{% endfor %}{% endfor %}")
    assert len(body) == MAX_OUTPUT_CHARS


def test_slack_control_sequences_are_escaped():
    event = Event("<!channel> <https://evil|Update> @here & more")
    _title, body = render_message([event], scheme="slack", store=None)
    assert "<!channel>" not in body and "&lt;!channel&gt;" in body
    assert "<https://evil|Update>" not in body and "@here" not in body


def test_email_escapes_scraped_html_but_keeps_operator_html():
    event = Event('<img src=x onerror=alert(1)>')
    _title, body = render_message([event], scheme="mailto", store=None,
                                  body_template="<b>Changes</b>{% for e in events %}{{ e.summary }}{% endfor %}")
    assert body.startswith("<b>Changes</b>") and "&lt;img src=x onerror=alert(1)&gt;" in body
