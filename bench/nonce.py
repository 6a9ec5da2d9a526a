"""Cold cache on request, for the page benchmark (bench/pages.py); only bench/settings.py uses it.

A request with the header ``X-Bench-Nonce`` gets its own cache key space and its own folder in
the file storage: every key it reads or writes carries the nonce, every file it looks for lies
under ``cold-<nonce>/``, so every lookup misses and the page (or the published export, which is
kept in the storage) is made as on a cold cache, while the other requests (and the caches
themselves) stay as they are. Cheaper and more precise than clearing the caches before each
request, which would also cool down every other client's pages.
"""

import threading

from django.core.cache.backends.base import default_key_func
from django.core.files.storage import FileSystemStorage

_request = threading.local()


def make_key(key, key_prefix, version):
    nonce = getattr(_request, "nonce", "")
    if nonce:
        key_prefix = f"{key_prefix}:cold-{nonce}"
    return default_key_func(key, key_prefix, version)


class NonceFileSystemStorage(FileSystemStorage):
    """The file storage, with the files of a cold request in a folder of its own (the files are
    looked up, written, listed and deleted through ``path``)."""

    def path(self, name):
        nonce = getattr(_request, "nonce", "")
        # _save() hands back the name below the folder; it comes back here as it is.
        if nonce and not name.startswith(f"cold-{nonce}/"):
            name = f"cold-{nonce}/{name}"
        return super().path(name)


class CacheNonceMiddleware:
    """Sets the nonce of ``X-Bench-Nonce`` for the request's thread (gthread: one request per
    thread at a time) and removes it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.nonce = request.headers.get("X-Bench-Nonce", "")[:32]
        try:
            return self.get_response(request)
        finally:
            _request.nonce = ""
