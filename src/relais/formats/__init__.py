"""One way to write a date per language (Django's FORMAT_MODULE_PATH), on every page.

Django's English writes "Dec. 8, 2026" in one place and "12/08/2026" in another (a US order
many readers take for 12 August); French mixes "8 décembre 2026" and "08/12/2026". Relais
writes "8 Dec 2026, 14:05" and "8 déc. 2026, 14:05" everywhere: day first, month in letters,
a 24-hour clock. Input formats stay Django's.
"""
