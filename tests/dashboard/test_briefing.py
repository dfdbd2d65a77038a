"""The weekly briefing on the demo data: rendered as Markdown and HTML by ``rivalwatch report``,
and delivered as an HTML email to a local SMTP server (aiosmtpd) through the alert channels."""

from __future__ import annotations

import os
import subprocess
import sys
from email.header import decode_header, make_header
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rivalwatch.briefing_send import send_briefing
from core.config.global_settings import GlobalSettings
from storage import Database
from tests.fakes.smtp_inbox import smtp_inbox

pytestmark = pytest.mark.browser  # the demo crawl renders pasar-kilat in Chromium
ROOT = Path(__file__).resolve().parents[2]


def _report(demo_db, *args) -> str:
    env = dict(os.environ, RIVALWATCH_CONFIG_DIR=demo_db["config_dir"], PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "rivalwatch", "report", "--database-url", demo_db["url"], *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_report_renders_markdown_and_html_from_the_demo(demo_db, tmp_path):
    md = _report(demo_db, "--since", "7d", "--format", "md")
    assert "## Where we lose / where we win" in md
    assert "**We lose** · Return window: Kedai Rumah takes returns for 30 days" in md
    assert "**Threat** · BelanjaCepat: Madu Hutan Sumbawa 500ml (SKU BC-0103): price Rp 125.000 → Rp 115.000" in md
    assert md.index("**Threat**") < md.index("**Opportunity**") < md.index("**For information**")
    assert "WIB" in md and "None" not in md and "text_hash" not in md
    out = tmp_path / "briefing.html"
    assert "written" in _report(demo_db, "--since", "7d", "--format", "html", "--output", str(out))
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert html.count("position:absolute") == 3  # the chart: one bar per competitor with a price index
    assert "Returns page text changed" in html


def test_briefing_is_delivered_as_html_email(demo_db):
    with smtp_inbox() as inbox:
        url = inbox.url(to="manager@example.com")
        settings = GlobalSettings.model_validate({
            "allow_private_targets": True, "timezone": "Asia/Jakarta",
            "channels": [{"name": "manager", "url": url}, {"name": "ops", "url": url, "kinds": ["operator"]}],
        })
        db = Database.connect(demo_db["url"])
        results = send_briefing(db, settings, "7d")
        db.dispose()
    assert results == [("manager", True, "")]  # the operator-only channel gets no briefing
    [message] = inbox.messages
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith("RivalWatch weekly briefing: ") and subject.endswith("WIB")
    html = next(p.get_payload(decode=True).decode() for p in message.walk() if p.get_content_type() == "text/html")
    assert "Where we lose / where we win" in html and "Price index (our prices = 100)" in html
    assert "Kedai Rumah takes returns for 30 days" in html and "WIB" in html


def test_scheduler_adds_the_briefing_job_from_the_settings():
    from apscheduler.schedulers.background import BackgroundScheduler

    from rivalwatch.briefing_send import add_briefing_job
    from rivalwatch.jobs import JobContext

    scheduler = BackgroundScheduler()
    settings = GlobalSettings(briefing_schedule="0 7 * * 1", timezone="Asia/Jakarta")
    assert add_briefing_job(scheduler, JobContext(config_dir=Path("."), database_url=None), settings)
    job = scheduler.get_job("weekly-briefing")
    fire = job.trigger.get_next_fire_time(None, datetime(2026, 12, 6, tzinfo=timezone.utc))
    assert str(job.trigger.timezone) == "Asia/Jakarta"
    assert (fire.strftime("%a %H:%M"), fire.utcoffset()) == ("Mon 07:00", timedelta(hours=7))  # cron's 1 = Monday
    assert not add_briefing_job(scheduler, JobContext(config_dir=Path("."), database_url=None), GlobalSettings())
