"""Reminders: the daily digest email of due and overdue tasks, and private calendar feeds."""
