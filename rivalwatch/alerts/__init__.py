"""Alerts: rules decide which change events go where; an outbox delivers them with apprise."""
