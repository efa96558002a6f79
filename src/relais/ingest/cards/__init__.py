"""Business cards: a photo in, a person's fields out, on this machine and offline.

``image.py`` decodes the photo and straightens the card (outline, perspective, quarter turns);
``ocr.py`` reads its lines with RapidOCR (ONNX models shipped inside the pinned wheel) or,
as a fallback, Debian's Tesseract with French and English; ``parse.py`` turns the lines into
fields (name, title, organisation, emails, phones with labels, website, LinkedIn, address),
each with a confidence. Nothing here touches the database: ``readers/card.py`` hands the
result to the import pipeline like any other reader. docs/import-formats.md has the rules.
"""
