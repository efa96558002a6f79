"""Which kind of source a contact came from, for the lead report."""

import pytest

from relais.reports.leads import file_format, source_type


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("manual", "web form", "web"),
        ("api", "API", "api"),
        ("cli", "command line", "cli"),
        ("import", "Salon Lyon 2026.csv", "import"),
        ("import", "Connections.csv", "import"),
        ("import", "Boîte de réception.MBOX", "mail"),
        ("import", "message-42.eml", "mail"),
        ("import", "imaps://marc@mail.example.fr/INBOX;UIDVALIDITY=7", "mail"),
        ("demo", "demo", "other"),
        ("merge", "merge of 4 and 9", "other"),
    ],
)
def test_source_type(kind, name, expected):
    assert source_type(kind, name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Salon.CSV", "CSV"),
        ("contacts.vcf", "vCard"),
        ("Export clients.xlsx", "XLSX"),
        ("archive.mbox", "mbox"),
        ("LinkedIn.zip", "ZIP"),
        ("sans extension", ""),
    ],
)
def test_file_format(name, expected):
    assert file_format(name) == expected
