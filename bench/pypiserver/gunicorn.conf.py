# The module's gunicorn config as pypiserver 2.3.0's files/gunicorn.conf.py
# sets it (shared/module-stack.md): gevent workers, GUNICORN_WORKERS of
# them, the app preloaded; gunicorn's default keep-alive (2 s) left alone.
import os

worker_class = "gevent"
workers = int(os.environ.get("GUNICORN_WORKERS", "1"))
preload_app = True
