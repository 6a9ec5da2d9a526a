"""Gunicorn settings for the portal behind a reverse proxy (nginx); see docs/deployment.md.

Start with ``gunicorn -c gunicorn.conf.py`` from the project directory. Every value that differs
between servers comes from the environment, like the Django settings.
"""

import os

from gunicorn.glogging import Logger

from saarlouis_portal.env import env_int, env_str
from saarlouis_portal.logfilters import looks_secret

wsgi_app = "saarlouis_portal.wsgi:application"

# Only the local proxy talks to gunicorn; never expose this port to the network.
bind = env_str("GUNICORN_BIND", "127.0.0.1:8000")

# The usual 2 x cores + 1, capped: each worker holds a full Django process and, with
# DB_CONN_MAX_AGE, one PostgreSQL connection per thread.
workers = env_int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8))
# A second thread per worker keeps pages answering while another request waits on the database
# or on SMTP; with threads > 1 gunicorn uses its gthread worker.
threads = env_int("GUNICORN_THREADS", 2)

# A page that takes longer than 30 s is a bug; kill the worker instead of queueing behind it.
timeout = 30
# On restart (systemctl reload/restart) running requests get this long to finish.
graceful_timeout = 30
# Recycle workers now and then so a slow memory leak cannot grow forever; the jitter keeps
# them from all restarting at the same moment.
max_requests = 1000
max_requests_jitter = 100

# Trust X-Forwarded-Proto only from the proxy on this host (comma-separated IPs or networks).
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Workers import the code themselves, so `systemctl reload` (SIGHUP) picks up a new release
# without a full restart, and the master never opens database connections.
preload_app = False

# Recent gunicorn releases open a control socket in the home directory; the service needs none
# (systemd sends signals). Older releases ignore the setting.
control_socket_disable = True

proc_name = "saarlouis-portal"
loglevel = env_str("LOG_LEVEL", "info").lower()
errorlog = "-"
accesslog = "-"
# No client address, user agent or referrer (personal data; the referrer carries query
# strings), and the path without its query string (%(U)s, never %(r)s): tokens stay out of logs.
access_log_format = '%(t)s %(p)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


class RedactingLogger(Logger):
    """Some links carry their token in the path (e.g. /accounts/password/reset/key/...)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        segments = (atoms.get("U") or "").split("/")
        atoms["U"] = "/".join("[redacted]" if looks_secret(s) else s for s in segments)
        return atoms


logger_class = RedactingLogger
