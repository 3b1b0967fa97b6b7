"""Exporters: the formats ``hom export`` writes (CSV tables, iCalendar, JSON, the report)."""
