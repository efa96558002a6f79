"""Reading mail: the one public home that ingest, outreach and privacy call.

- ``imap``: the read-only IMAP client (TLS, password, UIDs), ``fetch_messages`` streams a mailbox;
- ``files``: the raw messages of an mbox file, a Maildir folder or an .eml file;
- ``replies``: what the sender wrote in a reply, without the quoted text;
- ``dsn``: bounces (RFC 3464 reports and common non-standard ones), replies and auto-replies;
- ``autoreply``: auto-replies saying the person left;
- ``errors``: ``ReadError``, the one exception a reader lets out.

A neutral package just above ``core`` in the layer order: it knows nothing of contacts or
imports, so every area may use it. The continuous IMAP sync will live here too.
"""
