"""The upload form of the imports page: one or several files of any supported format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from relais.ingest import tasks


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Django's documented recipe for ``<input type=file multiple>``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:  # "Upload and preview" with no file chosen
                raise forms.ValidationError(self.error_messages["required"], "required")
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    upload = _MultipleFileField(
        label=_("Files"),
        error_messages={"required": _("Choose at least one file to upload.")},
        help_text=_(
            "CSV, Excel, vCard, mbox, .eml or a zip of them (a LinkedIn or Google "
            "export): formats are recognised by their content."
        ),
    )

    def clean_upload(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["upload"]
        limit = tasks.MAX_UPLOAD_BYTES
        if sum(f.size or 0 for f in files) > limit:
            raise forms.ValidationError(
                _(
                    "The files are too large to upload together (at most %(limit)s). "
                    "Upload fewer at a time, or import them on the server with "
                    "“relais import”."
                )
                % {"limit": filesizeformat(limit)}
            )
        return files
