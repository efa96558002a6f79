"""WSGI entry point, served by waitress in ``relais serve``.

The tracking pixel and click paths are answered in front of Django (relais.outreach.dispatch).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
django_application = get_wsgi_application()

from relais.outreach.dispatch import with_tracking  # noqa: E402 - needs Django set up

application = with_tracking(django_application)
