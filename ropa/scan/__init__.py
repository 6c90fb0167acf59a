"""``ropa scan``: a live site's cookies and storage, seen in headless Chromium, against the
register's ``cookies:`` declarations.

``crawl`` drives the browser (``ropa.browser``) over the site, before consent and after it;
``observe`` watches one tab; ``result`` is what was seen and its JSON file; ``compare`` turns a
scan and a register into findings (``ropa.rules.scan``); ``report`` prints them; ``declare``
drafts declarations; ``command`` is the Typer command ``ropa.cli`` registers.
"""
