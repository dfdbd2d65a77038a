"""Schedules fire when cron would: APScheduler's Monday = 0 must not shift store crawls by a day."""

from datetime import datetime, timezone

import pytest

from core.config.cron import cron_trigger, weekday_field
from core.config.models import StoreConfig
from rivalwatch.due import next_fire

SUNDAY = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)  # a Sunday


@pytest.mark.parametrize("expr, weekday", [
    ("0 7 * * 1", "Mon"), ("0 7 * * 0", "Sun"), ("0 7 * * 7", "Sun"), ("0 7 * * 5", "Fri"),
    ("0 7 * * mon", "Mon"), ("0 7 * * 3-4", "Wed"),
])
def test_weekday_numbers_are_cron_numbers(expr, weekday):
    fire = cron_trigger(expr, timezone="UTC").get_next_fire_time(None, SUNDAY)
    assert fire.strftime("%a") == weekday


@pytest.mark.parametrize("field, names", [
    ("1-5", "mon,tue,wed,thu,fri"), ("0-6", "sun,mon,tue,wed,thu,fri,sat"), ("*/2", "sun,tue,thu,sat"),
    ("1,3,5", "mon,wed,fri"), ("5-7", "sun,fri,sat"), ("*", "*"), ("mon-fri", "mon-fri"),
])
def test_weekday_field(field, names):
    assert weekday_field(field) == names


def test_store_schedule_uses_cron_weekdays():
    store = StoreConfig.model_validate({
        "slug": "s", "name": "S", "country": "ID", "currency": "IDR", "schedule": "0 6 * * 1", "timezone": "UTC",
        "sources": [{"kind": "product", "url": "https://shop.example/p/1"}]})
    assert next_fire(store, SUNDAY).strftime("%a %H:%M") == "Mon 06:00"


def test_invalid_weekday_is_refused():
    with pytest.raises(ValueError):
        cron_trigger("0 7 * * 9")
