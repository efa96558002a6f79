"""Use cases of the automation area: events, workflows and their runs, web forms, intros."""
