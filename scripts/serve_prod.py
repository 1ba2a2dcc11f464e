"""Serve the lovdiff viewer with gunicorn, for production use.

Inputs (environment or options):
  LOVDIFF_DATABASE_URL / --database   the SQLAlchemy URL of an ingested database
  LOVDIFF_SECRET_KEY                  the session key shared by all workers (recommended;
                                      else a key file in the instance folder is used)
  LOVDIFF_SECURE_COOKIES=1            when served over HTTPS (cookies get ``Secure``)
  --bind (default 127.0.0.1:PORT or 127.0.0.1:8000), --workers (default 2)
Output: the viewer on the bound address until stopped. Put it behind an HTTPS proxy.

    .venv/bin/python scripts/serve_prod.py --bind 127.0.0.1:8000 --workers 3
"""

from __future__ import annotations

import argparse
import os
from typing import Any


def main() -> None:
    from gunicorn.app.base import BaseApplication

    from lovdiff.viewer import create_app, warm_up

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", help="SQLAlchemy URL (default: LOVDIFF_DATABASE_URL)")
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.database} if args.database else None)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", args.bind)
            self.cfg.set("workers", args.workers)
            self.cfg.set("accesslog", "-")
            # each worker fills its caches before it takes requests: no slow first page
            self.cfg.set("post_worker_init", lambda worker: warm_up(app))

        def load(self) -> Any:
            return app

    Server().run()


if __name__ == "__main__":
    main()
