"""Cohorts and progress: cohort data, measures, charts, calendars and private reports."""
