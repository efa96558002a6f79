"""The blocking-key index behind the incremental check.

One row per (contact, key): the same keys the batch scorer blocks on (first name group and
surname, both names sorted, surname and initial, surname or first name with organisation,
email local parts). A new contact's keys find its candidates in one indexed query, so checking
it against a million contacts reads a handful of rows instead of the whole base.
"""

from __future__ import annotations

from django.db import models

KEY_LENGTH = 200


class MatchKey(models.Model):
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="match_keys"
    )
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["key", "contact"], name="matchkey_key_contact")]

    def __str__(self) -> str:
        return self.key
