"""Compressed stylesheets, scripts and drawings; pages stay uncompressed.

On a slow phone link the render-blocking stylesheet is most of the first render
(``benchmarks/first_render.py``): gzip or brotli makes it a quarter of its size.
Only static assets are compressed. HTML pages carry secrets (the launch token, form
keys) next to text a person typed; compressing them would open the BREACH side channel,
so they go out as they are.
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

COMPRESSED_TYPES = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"]


def install_compression(app: Flask) -> None:
    app.config.update(COMPRESS_MIMETYPES=COMPRESSED_TYPES, COMPRESS_MIN_SIZE=500,
                      COMPRESS_STREAMS=True)
    Compress(app)
