"""The six labels a mention can get, and what each one means (docs/listening-classification.md).

The definitions decide the hard cases, so the corpus, the model and the people correcting
labels in the inbox all follow the same rules:

- ``complaint``: a customer reports a problem with the brand's product or service, the
  incident customer service must handle. A message that mixes praise and a problem is a
  complaint; a question that reports a problem ("is it normal that it leaks?") is a complaint;
  irony ("great service, only three weeks to answer 🙄") is a complaint.
- ``question``: a request for information that reports no problem and is not about buying.
- ``praise``: thanks, compliments, recommendations, rude praise included ("this bread is
  stupidly good").
- ``purchase_intent``: a question or statement about buying, ordering, booking, prices,
  quotes, stock or delivery areas before a purchase.
- ``spam``: unsolicited promotion unrelated to the conversation: crypto schemes, SEO and
  follower selling, follow-for-follow, phishing, scams.
- ``other``: everything else (news, announcements, chit-chat, job ads).
"""

from __future__ import annotations

COMPLAINT = "complaint"
QUESTION = "question"
PRAISE = "praise"
PURCHASE_INTENT = "purchase_intent"
SPAM = "spam"
OTHER = "other"

LABELS: tuple[str, ...] = (COMPLAINT, QUESTION, PRAISE, PURCHASE_INTENT, SPAM, OTHER)
