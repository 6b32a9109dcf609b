"""gunicorn's settings (read from the working directory by the image's and compose's command).

The access log leaves out the query string and the referrer: a CPR number must never be logged,
and an address is the one place a client could still put one (such a request is refused with 400,
but the line would be written first)."""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
