"""Communication profiles: how a person tends to communicate, from their own answers, their
colleagues' assessments and the style of what they wrote; playbooks; the draft coach."""
