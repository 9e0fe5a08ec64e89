import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL and template machinery) lives as long as
# the process: move it out of the garbage collector's sight, so that the full collections a
# large page triggers (the consolidation grid builds tens of thousands of small objects) do not
# walk it again on every request. Measured in docs/benchmarks.md.
gc.collect()
gc.freeze()
