"""``ropa serve``: the policy and the register previewed in a browser, live.

- :mod:`~ropa.serve.preview`: the register validated and its pages rendered, in memory;
- :mod:`~ropa.serve.watch`: file events (watchfiles) into what to rebuild;
- :mod:`~ropa.serve.server`: the HTTP server (GET only, nothing read from disk) and ``/events``;
- :mod:`~ropa.serve.page`: the findings panel and reload script injected into served pages;
- :mod:`~ropa.serve.session`: the three running together;
- :mod:`~ropa.serve.command`: the command line, ``serve_command``.
"""
