"""Background jobs (Aufträge): long work leaves the request and runs in the task worker.

Django's Tasks API (the ``django-tasks`` backport, database backend ``django-tasks-db``)
queues and runs the work; an ``Auftrag`` row tells the person who started it how far it has
come and holds the file it produced, shown on a progress page (docs/deployment.md).
"""
